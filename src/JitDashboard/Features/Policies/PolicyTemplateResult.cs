namespace JitDashboard.Features.Policies;

/// <summary>A create/update/delete result: the template, or the errors per field (nothing written).</summary>
public sealed record PolicyTemplateResult(PolicyTemplate? Template, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

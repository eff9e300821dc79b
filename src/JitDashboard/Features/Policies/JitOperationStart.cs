namespace JitDashboard.Features.Policies;

/// <summary>Start result: the operation id, or the errors per input item (nothing written).</summary>
public sealed record JitOperationStart(Guid? OperationId, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => OperationId is not null;
}

namespace JitDashboard.Features.Access;

/// <summary>
/// The outcome of filing a request: the request, or the errors per field, or (<see cref="ForbiddenMessage"/>) a caller
/// who may not request access at all.
/// </summary>
public sealed record AccessCreateResult(AccessRequestView? Request, IReadOnlyDictionary<string, string[]> Errors, string? ForbiddenMessage = null)
{
    public bool Succeeded => Request is not null;

    public bool IsForbidden => ForbiddenMessage is not null;

    public static AccessCreateResult Forbidden(string message) => new(null, new Dictionary<string, string[]>(), message);
}

namespace JitDashboard.Features.Access;

public sealed record AccessActionResult(AccessActionOutcome Outcome, AccessRequestView? Request, string? Message = null)
{
    public static AccessActionResult NotFound(Guid id) => new(AccessActionOutcome.NotFound, null, $"No access request '{id}'.");
}

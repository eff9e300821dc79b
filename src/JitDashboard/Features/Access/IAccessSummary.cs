namespace JitDashboard.Features.Access;

public interface IAccessSummary
{
    Task<AccessSummary> GetSummaryAsync(CancellationToken cancellationToken = default);
}

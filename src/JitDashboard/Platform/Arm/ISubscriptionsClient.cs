using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Platform.Arm;

public interface ISubscriptionsClient
{
    /// <summary>Every subscription the credential sees.</summary>
    IAsyncEnumerable<SubscriptionInfo> ListAsync(CancellationToken cancellationToken = default);
}

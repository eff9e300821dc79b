using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JitDashboard.Features.Access;

public static class AccessExtensions
{
    /// <summary>Timed access requests, approvals and grants (<c>Access:*</c> settings).</summary>
    public static IHostApplicationBuilder AddAccess(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IAccessSummary, NoAccessSummary>();
        return builder;
    }

    /// <summary>Maps <c>/api/v1/access-requests</c>.</summary>
    public static RouteGroupBuilder MapAccessApi(this RouteGroupBuilder v1) => v1;
}

internal sealed class NoAccessSummary : IAccessSummary
{
    public Task<AccessSummary> GetSummaryAsync(CancellationToken cancellationToken = default) => Task.FromResult(new AccessSummary(0, 0));
}

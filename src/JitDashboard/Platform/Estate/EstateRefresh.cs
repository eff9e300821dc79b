using System.Security.Claims;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Identity;

namespace JitDashboard.Platform.Estate;

/// <summary>
/// "Reload the estate from Azure": an Operator action, shared by the app bar button and
/// <c>POST /api/v1/machines/refresh</c>. Checks the role itself, so a UI that forgot to hide the button still refuses.
/// </summary>
public sealed partial class EstateRefresh(EstateRefreshCoordinator coordinator, IAuditLog audit, ILogger<EstateRefresh> logger, IHostApplicationLifetime? lifetime = null)
{
    /// <summary>
    /// Starts a refresh and audits it; false, with nothing written, when the role may not. People ask because something
    /// changed, so a load already in flight (which may predate the change) is followed by one more.
    /// </summary>
    public async Task<bool> RequestAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!UserRoles.Satisfies(user, AppPolicies.Operate))
            return false;
        await audit.AppendAsync(new AuditEntry(UserRoles.UserName(user), AuditActorKind.User, AuditActions.EstateRefreshed, null, AuditOutcome.Succeeded), cancellationToken);

        // Not awaited: the caller answers at once; the snapshot reports progress and errors to every page. The run
        // stops with the app, and its failure is logged here (it never escapes).
        _ = RefreshAsync(lifetime?.ApplicationStopping ?? CancellationToken.None);
        return true;
    }

    private async Task RefreshAsync(CancellationToken stopping)
    {
        try
        {
            await coordinator.RefreshAfterChangeAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogRefreshFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Estate refresh failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}

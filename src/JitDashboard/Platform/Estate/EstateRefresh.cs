using System.Security.Claims;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Identity;

namespace JitDashboard.Platform.Estate;

/// <summary>
/// "Reload the estate from Azure": an Operator action, shared by the app bar button and
/// <c>POST /api/v1/machines/refresh</c>. Checks the role itself, so a UI that forgot to hide the button still refuses.
/// </summary>
public sealed class EstateRefresh(IEstateService estate, IAuditLog audit, ILogger<EstateRefresh> logger)
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

        // Not awaited: the caller answers at once; the snapshot reports progress and errors to every page.
        _ = estate.RefreshAfterChangeAsync(CancellationToken.None).ContinueWith(
            t => logger.LogWarning(t.Exception, "Estate refresh failed"), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return true;
    }
}

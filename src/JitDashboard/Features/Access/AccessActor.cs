using System.Security.Claims;
using JitDashboard.Platform.Identity;

namespace JitDashboard.Features.Access;

/// <summary>Who acts: the sign-in name (as audited) and the app roles held.</summary>
public sealed record AccessActor(string Name, IReadOnlyList<string> Roles)
{
    /// <summary>The one rule for pages and API alike: <see cref="Actor.From"/> for the name, the app roles held.</summary>
    public static AccessActor From(ClaimsPrincipal user) => new(Actor.From(user), UserRoles.Of(user));

    public bool Has(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public bool CanApprove => Has(Platform.Identity.Roles.Approver) || Has(Platform.Identity.Roles.Admin);

    public bool CanRequest => Has(Platform.Identity.Roles.Operator) || Has(Platform.Identity.Roles.Admin);
}

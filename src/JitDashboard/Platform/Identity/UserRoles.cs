using System.Security.Claims;

namespace JitDashboard.Platform.Identity;

/// <summary>Reads the app roles and names of a signed-in user, whichever claim type the handler mapped them to.</summary>
public static class UserRoles
{
    /// <summary>Entra's claim; Microsoft.Identity.Web may map it to <see cref="ClaimTypes.Role"/>, so both are read.</summary>
    public const string RolesClaim = "roles";

    /// <summary>The known app roles, highest first (the one shown in the app bar is the first held).</summary>
    public static IReadOnlyList<string> All { get; } = [Roles.Admin, Roles.Approver, Roles.Operator, Roles.Reader];

    /// <summary>The roles each policy admits (Reader &lt; Operator, Approver &lt; Admin).</summary>
    public static IReadOnlyDictionary<string, string[]> PolicyRoles { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [AppPolicies.Read] = [Roles.Reader, Roles.Operator, Roles.Approver, Roles.Admin],
        [AppPolicies.Operate] = [Roles.Operator, Roles.Admin],
        [AppPolicies.Approve] = [Roles.Approver, Roles.Admin],
        [AppPolicies.Administer] = [Roles.Admin],
    };

    public static IReadOnlyList<string> Of(ClaimsPrincipal user) =>
        user.Claims.Where(c => c.Type is RolesClaim or ClaimTypes.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>True when the user holds one of the roles the policy admits.</summary>
    public static bool Satisfies(ClaimsPrincipal user, string policy) =>
        user.Identity?.IsAuthenticated == true && PolicyRoles.TryGetValue(policy, out var allowed) && Of(user).Any(allowed.Contains);

    /// <summary>The role to show: the highest known role held, without the "JitDashboard." prefix; "No role" otherwise.</summary>
    public static string Label(ClaimsPrincipal user)
    {
        var held = Of(user);
        var top = All.FirstOrDefault(held.Contains);
        return top is null ? "No role" : top["JitDashboard.".Length..];
    }

    /// <summary>The sign-in name: preferred_username (v2), upn (v1), else the name.</summary>
    public static string UserName(ClaimsPrincipal user) =>
        user.FindFirst("preferred_username")?.Value
        ?? user.FindFirst(ClaimTypes.Upn)?.Value
        ?? user.FindFirst("upn")?.Value
        ?? user.FindFirst(ClaimTypes.Email)?.Value
        ?? user.Identity?.Name
        ?? "unknown";

    /// <summary>The display name: the <c>name</c> claim, else the sign-in name.</summary>
    public static string DisplayName(ClaimsPrincipal user) =>
        user.FindFirst("name")?.Value ?? user.Identity?.Name ?? UserName(user);
}

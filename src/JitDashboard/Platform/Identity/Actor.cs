using System.Security.Claims;

namespace JitDashboard.Platform.Identity;

/// <summary>
/// Who is acting: the one rule the UI, the API and the audit ledger use, so one person is one actor whichever door
/// they came through. The sign-in name as Entra v2 tokens carry it in both the id token (pages) and the access token
/// (API): <c>preferred_username</c>, then v1's <c>upn</c>, the e-mail, the name.
/// </summary>
public static class Actor
{
    public static string From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return UserRoles.UserName(user);
    }
}

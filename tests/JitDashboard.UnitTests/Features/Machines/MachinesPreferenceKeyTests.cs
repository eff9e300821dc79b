using System.Security.Claims;
using JitDashboard.Features.Machines;

namespace JitDashboard.UnitTests.Features.Machines;

/// <summary>Issue 19: the Machines grid's remembered settings are keyed per signed-in user.</summary>
public class MachinesPreferenceKeyTests
{
    private static ClaimsPrincipal User(params Claim[] claims) => new(new ClaimsIdentity(claims, "test"));

    [Fact]
    public void TwoUsers_GetDifferentKeys_AndOneUserTheSameKeyEachTime()
    {
        var alice = MachinesPage.UserHash(User(new Claim("oid", "1111"), new Claim("preferred_username", "alice@contoso.test")));
        var bob = MachinesPage.UserHash(User(new Claim("oid", "2222"), new Claim("preferred_username", "bob@contoso.test")));

        Assert.NotEqual(alice, bob);
        Assert.Equal(alice, MachinesPage.UserHash(User(new Claim("oid", "1111"))));
        Assert.NotEqual(MachinesPage.PreferenceKey(alice, "sort"), MachinesPage.PreferenceKey(bob, "sort"));
        // The key names no one in clear text.
        Assert.DoesNotContain("1111", MachinesPage.PreferenceKey(alice, "sort"), StringComparison.Ordinal);
        Assert.Matches("^jd\\.machines\\.[0-9a-f]{16}\\.sort$", MachinesPage.PreferenceKey(alice, "sort"));
    }

    [Fact]
    public void WithoutAnObjectId_TheSignInNameDistinguishesUsers()
    {
        var alice = MachinesPage.UserHash(User(new Claim("preferred_username", "alice@contoso.test")));
        var bob = MachinesPage.UserHash(User(new Claim("preferred_username", "bob@contoso.test")));
        Assert.NotEqual(alice, bob);
        Assert.Equal("anonymous", MachinesPage.UserHash(new ClaimsPrincipal(new ClaimsIdentity())));
    }
}

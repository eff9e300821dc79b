using System.Security.Claims;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Identity;

namespace JitDashboard.UnitTests.Platform.Identity;

/// <summary>One rule for "who is acting": the UI, the API and the audit ledger name one person the same way.</summary>
public sealed class ActorTests
{
    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test", "name", "roles"));

    [Fact]
    public void PreferredUsername_WinsOverUpn_AsInBothTokenKinds()
    {
        var user = Principal(("upn", "alice.old@contoso.test"), ("preferred_username", "alice@contoso.test"), ("name", "Alice"));

        Assert.Equal("alice@contoso.test", Actor.From(user));
        Assert.Equal(Actor.From(user), AccessApi.ActorOf(user).Name);
        Assert.Equal(Actor.From(user), UserRoles.UserName(user));
    }

    [Theory]
    [InlineData("upn", "bob@contoso.test")]
    [InlineData(ClaimTypes.Upn, "bob@contoso.test")]
    [InlineData(ClaimTypes.Email, "bob@contoso.test")]
    public void FallsBackThroughUpnAndEmail(string type, string value)
    {
        Assert.Equal(value, Actor.From(Principal((type, value), ("name", "Bob"))));
    }

    [Fact]
    public void NoNameAtAll_IsUnknown()
    {
        Assert.Equal("unknown", Actor.From(new ClaimsPrincipal(new ClaimsIdentity())));
    }
}

using System.Security.Claims;
using JitDashboard.Platform.Identity;

namespace JitDashboard.UnitTests.Platform.Identity;

public class ReturnUrlsTests
{
    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/machines?q=web", "/machines?q=web")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("machines", "/")]
    [InlineData("/a\r\nLocation: x", "/")]
    public void Sanitize_KeepsLocalPathsOnly(string? input, string expected) => Assert.Equal(expected, ReturnUrls.Sanitize(input));
}

public class UserRolesTests
{
    private static ClaimsPrincipal User(string claimType, params string[] roles) =>
        new(new ClaimsIdentity(roles.Select(r => new Claim(claimType, r)).Append(new Claim("preferred_username", "x@contoso.test")), "test"));

    [Theory]
    [InlineData(Roles.Reader, AppPolicies.Read, true)]
    [InlineData(Roles.Reader, AppPolicies.Operate, false)]
    [InlineData(Roles.Operator, AppPolicies.Operate, true)]
    [InlineData(Roles.Operator, AppPolicies.Approve, false)]
    [InlineData(Roles.Approver, AppPolicies.Approve, true)]
    [InlineData(Roles.Approver, AppPolicies.Operate, false)]
    [InlineData(Roles.Admin, AppPolicies.Operate, true)]
    [InlineData(Roles.Admin, AppPolicies.Approve, true)]
    [InlineData(Roles.Admin, AppPolicies.Administer, true)]
    [InlineData(Roles.Operator, AppPolicies.Administer, false)]
    public void Satisfies_FollowsTheRoleLadder(string role, string policy, bool expected)
    {
        Assert.Equal(expected, UserRoles.Satisfies(User("roles", role), policy));
        Assert.Equal(expected, UserRoles.Satisfies(User(ClaimTypes.Role, role), policy));
    }

    [Fact]
    public void NoRole_SatisfiesNothing_AndIsLabelled()
    {
        var erin = User("roles");
        Assert.All(UserRoles.PolicyRoles.Keys, p => Assert.False(UserRoles.Satisfies(erin, p)));
        Assert.Equal("No role", UserRoles.Label(erin));
    }

    [Fact]
    public void Label_ShowsTheHighestRole() => Assert.Equal("Admin", UserRoles.Label(User("roles", Roles.Reader, Roles.Admin)));
}

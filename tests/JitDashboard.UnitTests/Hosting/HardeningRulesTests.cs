using System.Net;
using System.Security.Claims;
using JitDashboard.Hosting;
using Microsoft.AspNetCore.Http;

namespace JitDashboard.UnitTests.Hosting;

public sealed class HardeningRulesTests
{
    [Theory]
    [InlineData(HttpsMode.Auto, false, "10.1.2.3", true)]
    [InlineData(HttpsMode.Auto, false, "127.0.0.1", false)]
    [InlineData(HttpsMode.Auto, false, "::1", false)]
    [InlineData(HttpsMode.Auto, true, "10.1.2.3", false)]
    [InlineData(HttpsMode.Always, true, "127.0.0.1", true)]
    [InlineData(HttpsMode.Never, false, "10.1.2.3", false)]
    public void HttpsApplies_OutsideLoopbackAndDevelopment(HttpsMode mode, bool development, string local, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.LocalIpAddress = IPAddress.Parse(local);
        Assert.Equal(expected, HardeningExtensions.UsesHttps(mode, development, context));
    }

    [Fact]
    public void RatePartition_IsTheUserObjectId_ElseTheClientAddress()
    {
        var anonymous = new DefaultHttpContext();
        anonymous.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.9");
        Assert.Equal("ip:10.0.0.9", HardeningExtensions.PartitionKey(anonymous));

        var signedIn = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("oid", "o-1"), new Claim("sub", "s-1")], "Bearer")) };
        Assert.Equal("user:o-1", HardeningExtensions.PartitionKey(signedIn));

        // Claims without an authenticated identity are not trusted.
        var forged = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("oid", "o-1")])) };
        forged.Connection.RemoteIpAddress = IPAddress.Loopback;
        Assert.Equal("ip:127.0.0.1", HardeningExtensions.PartitionKey(forged));
    }
}

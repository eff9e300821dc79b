using System.Security.Cryptography;
using System.Text;
using JitDashboard.Features.Notifications;

namespace JitDashboard.UnitTests.Features.Notifications;

public class WebhookSignatureTests
{
    private const string Secret = "a-test-secret-of-some-length";

    [Fact]
    public void Compute_IsHmacSha256OfTimestampDotBody_InLowerHex()
    {
        const string body = "{\"kind\":\"Test\"}";
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1764000000." + body)));
        Assert.Equal(expected, WebhookSignature.Compute(Secret, 1764000000, body));
    }

    [Fact]
    public void Verify_AcceptsTheSignature_AndRefusesAnyChange()
    {
        const string body = "{\"kind\":\"Test\"}";
        var signature = WebhookSignature.Compute(Secret, 1764000000, body);
        Assert.True(WebhookSignature.Verify(Secret, "1764000000", body, signature));
        Assert.False(WebhookSignature.Verify(Secret, "1764000001", body, signature));
        Assert.False(WebhookSignature.Verify(Secret, "1764000000", body + " ", signature));
        Assert.False(WebhookSignature.Verify("another-secret-of-length", "1764000000", body, signature));
        Assert.False(WebhookSignature.Verify(Secret, "not-a-number", body, signature));
    }
}

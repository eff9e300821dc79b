using JitDashboard.Platform.Arm;

namespace JitDashboard.UnitTests.Platform.Arm;

/// <summary>The error bodies real subscriptions return (shared/arm-contract/README.md, "Error shapes"), classified.</summary>
public sealed class ArmFailureTests
{
    private static ArmFailure Parse(int status, string body, TimeSpan? retryAfter = null) =>
        ArmRequestException.FromResponse(status, body, "GET", "/x", retryAfter).Failure;

    [Fact]
    public void MissingSubscriptionRegistration_IsNotRegistered_WithTheNamespaceFromDetailsTarget()
    {
        var f = Parse(409, """{"error":{"code":"MissingSubscriptionRegistration","message":"The subscription is not registered to use namespace 'Microsoft.ClassicCompute'. See https://aka.ms/rps-not-found for how to register subscriptions.","details":[{"code":"MissingSubscriptionRegistration","target":"Microsoft.ClassicCompute","message":"..."}]}}""");

        Assert.Equal(ArmFailureKind.NotRegistered, f.Kind);
        Assert.Equal("Microsoft.ClassicCompute", f.Namespace);
        Assert.Contains("az provider register --namespace Microsoft.ClassicCompute", f.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void DefenderSubscriptionNotRegistered_404WithSpaces_IsMicrosoftSecurityNotRegistered()
    {
        var f = Parse(404, """{"error":{"code":"Subscription Not Registered","message":"Please register to Microsoft.Security in order to view your security status"}}""");

        Assert.Equal(ArmFailureKind.NotRegistered, f.Kind);
        Assert.Equal("Microsoft.Security", f.Namespace);
        Assert.Contains("Defender", f.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void PascalCaseErrorBody_IsParsed()
    {
        var f = Parse(404, """{"Error":{"Code":"ResourceNotFound","Message":"Secure score 'ascScore' does not exist in scope '/subscriptions/x'"}}""");

        Assert.Equal(("ResourceNotFound", ArmFailureKind.NotFound), (f.Code, f.Kind));
        Assert.StartsWith("Secure score 'ascScore'", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NrpSubscriptionNotRegistered_IsTransient()
    {
        var f = Parse(409, """{"error":{"code":"SubscriptionNotRegistered","message":"Subscription 9f0e is not registered with NRP."}}""");

        Assert.True(f.IsTransient);
        Assert.True(ArmRequestException.IsTransient(ArmRequestException.FromResponse(409, """{"error":{"code":"SubscriptionNotRegistered","message":"x"}}""", "GET", "/")));
    }

    [Fact]
    public void AuthorizationFailed_NamesTheMissingAction_InItsFix()
    {
        var f = Parse(403, """{"error":{"code":"AuthorizationFailed","message":"The client 'app' with object id 'oid' does not have authorization to perform action 'Microsoft.Security/assessments/read' over scope '/subscriptions/x' or the scope is invalid. If access was recently granted, please refresh your credentials."}}""");

        Assert.Equal(ArmFailureKind.Forbidden, f.Kind);
        Assert.Equal("Microsoft.Security/assessments/read", f.MissingAction);
        Assert.Contains("'Microsoft.Security/assessments/read'", f.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, "LinkedAuthorizationFailed", ArmFailureKind.LinkedAuthorizationFailed)]
    [InlineData(403, "RequestDisallowedByPolicy", ArmFailureKind.PolicyDenied)]
    [InlineData(409, "ReadOnlyDisabledSubscription", ArmFailureKind.SubscriptionDisabled)]
    [InlineData(404, "SubscriptionNotFound", ArmFailureKind.SubscriptionNotFound)]
    [InlineData(413, "RequestContentTooLarge", ArmFailureKind.TooLarge)]
    [InlineData(429, "OperationNotAllowed", ArmFailureKind.Throttled)]
    [InlineData(429, "TooManyRequests", ArmFailureKind.Throttled)]
    [InlineData(502, "ProviderError", ArmFailureKind.Transient)]
    [InlineData(404, "ResourceNotFound", ArmFailureKind.NotFound)]
    [InlineData(409, "Conflict", ArmFailureKind.Conflict)]
    [InlineData(400, "InvalidApiVersionParameter", ArmFailureKind.Invalid)]
    public void EachShape_HasItsKind(int status, string code, ArmFailureKind kind)
    {
        var f = Parse(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}");

        Assert.Equal(kind, f.Kind);
        Assert.Equal(code, f.Code);
        Assert.False(string.IsNullOrEmpty(f.Fix));
    }

    [Fact]
    public void Throttled_KeepsRetryAfter_AndSaysWhen()
    {
        var f = Parse(429, """{"error":{"code":"TooManyRequests","message":"retried in 64 seconds"}}""", TimeSpan.FromSeconds(64));

        Assert.Equal(TimeSpan.FromSeconds(64), f.RetryAfter);
        Assert.Contains("64 s", f.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void BodyThatIsNotJson_KeepsTheText()
    {
        var f = Parse(502, "<html>Bad gateway</html>");

        Assert.Equal(ArmFailureKind.Transient, f.Kind);
        Assert.Contains("Bad gateway", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TransportFailures_AreTransient()
    {
        Assert.True(ArmFailure.From(new HttpRequestException("refused")).IsTransient);
        Assert.True(ArmFailure.From(new TaskCanceledException()).IsTransient);
    }
}

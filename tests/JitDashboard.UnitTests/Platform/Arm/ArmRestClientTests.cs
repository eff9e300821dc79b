using System.Net;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using Microsoft.Extensions.Options;

namespace JitDashboard.UnitTests.Platform.Arm;

public class ArmRestClientTests
{
    private const string Sub = "20ff7fc3-e762-44dd-bd96-b71116dcdc23";

    /// <summary>Answers from a queue and records what was sent.</summary>
    private sealed class FakeHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new(answers);

        public List<(HttpMethod Method, Uri Uri, string? Authorization, string? Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
            return _answers.Dequeue()(request);
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private sealed class FixedToken : TokenCredential
    {
        public const string Token = "fixed-test-token";

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }

    private static (SecurityClient Security, NetworkClient Network) Clients(FakeHandler handler, int maxRetries = 0)
    {
        var options = new ArmClientOptions
        {
            Environment = new ArmEnvironment(new Uri("https://arm.test/"), "https://arm.test/"),
            Transport = new HttpClientTransport(new HttpClient(handler)),
        };
        options.Retry.MaxRetries = maxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.RetryPolicy = new ArmRetryPolicy(maxRetries, DelayStrategy.CreateFixedDelayStrategy(TimeSpan.FromMilliseconds(1)), TimeSpan.FromSeconds(30));
        var rest = new ArmRestClient(ArmClientProvider.FromClient(new ArmClient(new FixedToken(), null, options)));
        var armOptions = Options.Create(new ArmOptions());
        return (new SecurityClient(rest, armOptions), new NetworkClient(rest, armOptions));
    }

    [Fact]
    public async Task ListJitPolicies_FollowsNextLink_WithBearerTokenAndApiVersion()
    {
        var page1 = ArmContract.ExampleBody("jit/GetJitNetworkAccessPoliciesSubscription_example.json")
            .TrimEnd().TrimEnd('}') + ",\"nextLink\":\"https://arm.test/next-page?api-version=2020-01-01&$skiptoken=abc\"}";
        var handler = new FakeHandler(
            _ => Json(HttpStatusCode.OK, page1),
            _ => Json(HttpStatusCode.OK, """{"value":[{"name":"second","properties":{"virtualMachines":[]}}]}"""));
        var (security, _) = Clients(handler);

        var policies = new List<JitNetworkAccessPolicy>();
        await foreach (var policy in security.ListJitPoliciesAsync(Sub))
            policies.Add(policy);

        Assert.Equal("second", policies[^1].Name);
        Assert.True(policies.Count >= 2);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal($"https://arm.test/subscriptions/{Sub}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01", handler.Requests[0].Uri.ToString());
        Assert.Equal("Bearer " + FixedToken.Token, handler.Requests[0].Authorization);
        Assert.Equal("https://arm.test/next-page?api-version=2020-01-01&$skiptoken=abc", handler.Requests[1].Uri.ToString());
    }

    [Fact]
    public async Task CreateOrUpdateJitPolicy_SendsOnlyKindAndVirtualMachines()
    {
        var handler = new FakeHandler(_ => Json(HttpStatusCode.OK, ArmContract.ExampleBody("jit/CreateJitNetworkAccessPolicy_example.json")));
        var (security, _) = Clients(handler);
        var policy = ArmContract.Example<JitNetworkAccessPolicy>("jit/GetJitNetworkAccessPolicy_example.json");

        var result = await security.CreateOrUpdateJitPolicyAsync(Sub, "myRg1", "westeurope", "default", policy);

        Assert.Equal("default", result.Name);
        var (method, uri, _, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Put, method);
        Assert.Equal($"/subscriptions/{Sub}/resourceGroups/myRg1/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default", uri.AbsolutePath);
        Assert.Contains("\"kind\":\"Basic\"", body, StringComparison.Ordinal);
        Assert.Contains("\"maxRequestAccessDuration\":\"PT3H\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("requests", body, StringComparison.Ordinal);
        Assert.DoesNotContain("provisioningState", body, StringComparison.Ordinal);
        Assert.DoesNotContain("null", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitiateJitAccess_PostsToInitiate_AndReadsThe202Body()
    {
        var handler = new FakeHandler(_ => Json(HttpStatusCode.Accepted, ArmContract.ExampleBody("jit/InitiateJitNetworkAccessPolicy_example.json", "202")));
        var (security, _) = Clients(handler);

        var request = await security.InitiateJitAccessAsync(Sub, "myRg1", "westeurope", "default", new JitInitiateRequest
        {
            VirtualMachines = [new JitInitiateVirtualMachine { Id = "/subscriptions/x/vm1", Ports = [new JitInitiatePort { Number = 3389, EndTimeUtc = DateTimeOffset.UtcNow.AddHours(1), AllowedSourceAddressPrefix = "192.127.0.2" }] }],
        });

        Assert.Equal("Initiating", request.VirtualMachines[0].Ports[0].Status);
        Assert.EndsWith("/jitNetworkAccessPolicies/default/initiate", handler.Requests[0].Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpMethod.Post, handler.Requests[0].Method);
    }

    [Fact]
    public async Task Get_NotFound_ReturnsNull()
    {
        var handler = new FakeHandler(_ => Json(HttpStatusCode.NotFound, """{"error":{"code":"NotFound","message":"gone"}}"""));
        var (security, _) = Clients(handler);

        Assert.Null(await security.GetJitPolicyAsync(Sub, "rg", "westeurope"));
    }

    [Fact]
    public async Task Failure_ThrowsWithArmCodeAndMessage()
    {
        var handler = new FakeHandler(_ => Json(HttpStatusCode.BadRequest,
            """{"error":{"code":"InvalidApiVersionParameter","message":"The api-version '1999-01-01' is invalid."}}"""));
        var (_, network) = Clients(handler);

        var e = await Assert.ThrowsAsync<ArmRequestException>(() => network.GetNetworkSecurityGroupAsync($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg"));

        Assert.Equal(400, e.Status);
        Assert.Equal("InvalidApiVersionParameter", e.ErrorCode);
        Assert.Equal("The api-version '1999-01-01' is invalid.", e.ArmMessage);
        // The one exception type above the gateway: nothing of the SDK's leaks.
        Assert.IsNotAssignableFrom<RequestFailedException>(e);
    }

    [Fact]
    public async Task Throttled_IsRetriedAfterRetryAfter()
    {
        var handler = new FakeHandler(
            _ =>
            {
                var throttled = Json(HttpStatusCode.TooManyRequests, """{"error":{"code":"TooManyRequests","message":"slow down"}}""");
                throttled.Headers.Add("Retry-After", "0");
                return throttled;
            },
            _ => Json(HttpStatusCode.OK, ArmContract.ExampleBody("network/NetworkSecurityGroupGet.json")));
        var (_, network) = Clients(handler, maxRetries: 2);

        var nsg = await network.GetNetworkSecurityGroupAsync($"/subscriptions/{Sub}/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/testnsg");

        Assert.Equal("testnsg", nsg!.Name);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("api-version=2024-05-01", handler.Requests[1].Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteSecurityRule_204_MeansItDidNotExist()
    {
        var handler = new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent), _ => new HttpResponseMessage(HttpStatusCode.OK));
        var (_, network) = Clients(handler);
        const string nsg = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg";

        Assert.False(await network.DeleteSecurityRuleAsync(nsg, "JIT-allow"));
        Assert.True(await network.DeleteSecurityRuleAsync(nsg, "JIT-allow"));
        Assert.Equal(HttpMethod.Delete, handler.Requests[0].Method);
        Assert.EndsWith("/securityRules/JIT-allow", handler.Requests[0].Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecureScoreControls_ExpandDefinition_AddsTheQuery()
    {
        var handler = new FakeHandler(_ => Json(HttpStatusCode.OK, ArmContract.ExampleBody("securescore/ListSecureScoreControls_example.json")));
        var (security, _) = Clients(handler);

        var count = 0;
        await foreach (var _ in security.ListSecureScoreControlsAsync(Sub, expandDefinition: true))
            count++;

        Assert.Equal(12, count);
        Assert.Contains("$expand=definition", Uri.UnescapeDataString(handler.Requests[0].Uri.Query), StringComparison.Ordinal);
    }

    private const string Nsg = "/subscriptions/" + Sub + "/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-1";

    [Fact]
    public async Task PutSecurityRule_PollsAzureAsyncOperation_UntilSucceeded()
    {
        // The Network RP's real answer (arm-contract README): 201 + Azure-AsyncOperation + Retry-After, then the poll.
        const string poll = "https://arm.test/subscriptions/" + Sub + "/providers/Microsoft.Network/locations/westeurope/operations/op1?api-version=2024-05-01";
        var handler = new FakeHandler(
            _ =>
            {
                var r = Json(HttpStatusCode.Created, """{"name":"allow-ssh","properties":{"provisioningState":"Updating"}}""");
                r.Headers.Add("Azure-AsyncOperation", poll);
                r.Headers.Add("Retry-After", "0");
                return r;
            },
            _ => Json(HttpStatusCode.OK, """{"status":"InProgress"}"""),
            _ => Json(HttpStatusCode.OK, """{"status":"Succeeded"}"""));
        var (_, network) = Clients(handler);

        await network.PutSecurityRuleAndWaitAsync(Nsg, "allow-ssh", new System.Text.Json.Nodes.JsonObject { ["properties"] = new System.Text.Json.Nodes.JsonObject { ["priority"] = 100 } });

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(HttpMethod.Put, handler.Requests[0].Method);
        Assert.EndsWith("/securityRules/allow-ssh", handler.Requests[0].Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(poll, handler.Requests[1].Uri.ToString());
        Assert.Equal(poll, handler.Requests[2].Uri.ToString());
    }

    [Fact]
    public async Task PutSecurityRule_AsyncOperationFailed_ThrowsWithArmsError()
    {
        var handler = new FakeHandler(
            _ =>
            {
                var r = Json(HttpStatusCode.Created, "{}");
                r.Headers.Add("Azure-AsyncOperation", "https://arm.test/op2");
                r.Headers.Add("Retry-After", "0");
                return r;
            },
            _ => Json(HttpStatusCode.OK, """{"status":"Failed","error":{"code":"SecurityRuleConflict","message":"Rules cannot have the same Priority."}}"""));
        var (_, network) = Clients(handler);

        var ex = await Assert.ThrowsAsync<ArmRequestException>(() => network.PutSecurityRuleAndWaitAsync(Nsg, "r", new System.Text.Json.Nodes.JsonObject()));

        Assert.Equal("SecurityRuleConflict", ex.ErrorCode);
    }

    [Fact]
    public async Task DeleteSecurityRule_202_PollsLocation_UntilDone()
    {
        var handler = new FakeHandler(
            _ =>
            {
                var r = new HttpResponseMessage(HttpStatusCode.Accepted);
                r.Headers.Location = new Uri("https://arm.test/op3");
                r.Headers.Add("Retry-After", "0");
                return r;
            },
            _ => new HttpResponseMessage(HttpStatusCode.Accepted) { Headers = { { "Retry-After", "0" } } },
            _ => new HttpResponseMessage(HttpStatusCode.OK));
        var (_, network) = Clients(handler);

        await network.DeleteSecurityRuleAndWaitAsync(Nsg, "r");

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(HttpMethod.Delete, handler.Requests[0].Method);
        Assert.Equal("https://arm.test/op3", handler.Requests[2].Uri.ToString());
    }

    [Fact]
    public async Task GetPolicy_404ResourceNotFound_IsNoPolicy_But404SubscriptionNotFound_IsAFailure()
    {
        var handler = new FakeHandler(
            _ => Json(HttpStatusCode.NotFound, """{"error":{"code":"ResourceNotFound","message":"The Resource 'default' was not found."}}"""),
            _ => Json(HttpStatusCode.NotFound, """{"error":{"code":"SubscriptionNotFound","message":"The subscription 'x' could not be found."}}"""),
            _ => Json(HttpStatusCode.NotFound, """{"error":{"code":"Subscription Not Registered","message":"Please register to Microsoft.Security in order to view your security status"}}"""));
        var (security, _) = Clients(handler);

        Assert.Null(await security.GetJitPolicyAsync(Sub, "rg", "westeurope"));
        // Writing "no policy" on top of these would clobber a policy nobody could read.
        var gone = await Assert.ThrowsAsync<ArmRequestException>(() => security.GetJitPolicyAsync(Sub, "rg", "westeurope"));
        Assert.Equal(ArmFailureKind.SubscriptionNotFound, gone.Failure.Kind);
        var unregistered = await Assert.ThrowsAsync<ArmRequestException>(() => security.GetJitPolicyAsync(Sub, "rg", "westeurope"));
        Assert.Equal(ArmFailureKind.NotRegistered, unregistered.Failure.Kind);
    }

    [Fact]
    public async Task ReadThrottledForLong_GivesUpAtOnce_KeepingRetryAfter()
    {
        var throttled = () =>
        {
            var r = Json((HttpStatusCode)429, """{"error":{"code":"TooManyRequests","message":"The request was throttled and can be retried in 64 seconds."}}""");
            r.Headers.Add("Retry-After", "64");
            return r;
        };
        var handler = new FakeHandler(_ => throttled(), _ => throttled(), _ => throttled());
        var (_, network) = Clients(handler, maxRetries: 3);

        var ex = await Assert.ThrowsAsync<ArmRequestException>(async () =>
        {
            await foreach (var _ in network.ListNetworkSecurityGroupsAsync(Sub)) { }
        });

        Assert.Single(handler.Requests);
        Assert.Equal(TimeSpan.FromSeconds(64), ex.Failure.RetryAfter);
        Assert.Equal(ArmFailureKind.Throttled, ex.Failure.Kind);
    }

    [Fact]
    public async Task ReadThrottledBriefly_IsRetried()
    {
        var handler = new FakeHandler(
            _ =>
            {
                var r = Json((HttpStatusCode)429, """{"error":{"code":"SubscriptionRequestsThrottled","message":"x"}}""");
                r.Headers.Add("Retry-After", "0");
                return r;
            },
            _ => Json(HttpStatusCode.OK, """{"value":[]}"""));
        var (_, network) = Clients(handler, maxRetries: 3);

        await foreach (var _ in network.ListNetworkSecurityGroupsAsync(Sub)) { }

        Assert.Equal(2, handler.Requests.Count);
    }
}

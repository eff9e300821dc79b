using JitDashboard.Simulator.Tests;
using JitDashboard.Simulator.Tests.Arm;
using JitDashboard.Simulator.Tests.Defender;
using JitDashboard.Simulator.Tests.Estate;
using JitDashboard.Simulator.Tests.Sdk;
using System.Net;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.Estate;
using static JitDashboard.Simulator.Tests.SimFixture;

namespace JitDashboard.Simulator.Tests.State;

/// <summary>
/// The partial states real subscriptions are in (shared/arm-contract README, "Error shapes real subscriptions
/// return"), each with ARM's exact status and body: unregistered providers, permission gaps, disabled and deleted
/// subscriptions, Azure Policy denials, Defender plans, oversized bodies, the providers' own throttling, and faults.
/// </summary>
public sealed class PartialStatesTests
{
    private const string Compute = "api-version=2024-03-01";
    private const string Network = "api-version=2024-05-01";
    private const string Jit = "api-version=2020-01-01";
    private const string Sub = SampleSub;
    private const string Policy = $"{SampleRg}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/web";
    private const string Vm = $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-web-ssh-open";
    private const string Nsgs = $"/subscriptions/{Sub}/providers/Microsoft.Network/networkSecurityGroups?{Network}";

    private static JsonObject PolicyBody(params string[] vmIds) => new()
    {
        ["properties"] = new JsonObject
        {
            ["virtualMachines"] = new JsonArray(vmIds.Select(id => (JsonNode)new JsonObject
            {
                ["id"] = id,
                ["ports"] = new JsonArray(new JsonObject { ["number"] = 22, ["protocol"] = "*", ["allowedSourceAddressPrefix"] = "*", ["maxRequestAccessDuration"] = "PT1H" }),
            }).ToArray()),
        },
    };

    private static Task<JsonNode> SetConditionsAsync(SimFixture sim, JsonObject conditions, string sub = Sub)
        => sim.SendOkAsync(HttpMethod.Put, $"/_simulator/subscriptions/{sub}/conditions", conditions);

    /// <summary>The caller as ARM names it: the app token's appid and oid.</summary>
    private static (string Name, string Oid) Caller(SimFixture sim)
    {
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(sim.Token);
        var name = token.TryGetPayloadValue<string>("upn", out var upn) ? upn : token.GetPayloadValue<string>("appid");
        return (name, token.GetPayloadValue<string>("oid"));
    }

    private static void AssertBody(JsonNode? expected, JsonNode? actual)
        => Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected?.ToJsonString()}\n  actual {actual?.ToJsonString()}");

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static JsonObject MissingRegistration(string ns)
    {
        var message = $"The subscription is not registered to use namespace '{ns}'. See https://aka.ms/rps-not-found for how to register subscriptions.";
        return new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = "MissingSubscriptionRegistration",
                ["message"] = message,
                ["details"] = new JsonArray(new JsonObject { ["code"] = "MissingSubscriptionRegistration", ["target"] = ns, ["message"] = message }),
            },
        };
    }

    private static string AuthorizationFailed((string Name, string Oid) caller, string action, string scope)
        => $"The client '{caller.Name}' with object id '{caller.Oid}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.";

    // ---------------------------------------------------------------- unregistered providers

    [Fact]
    public async Task UnregisteredNetwork_Is409MissingSubscriptionRegistration_WithTheNamespaceAsDetailTarget()
    {
        await using var sim = await StartAsync();
        await SetConditionsAsync(sim, new JsonObject { ["unregisteredNamespaces"] = new JsonArray("Microsoft.Network") });

        var (status, body, _) = await sim.SendAsync(HttpMethod.Get, Nsgs);
        Assert.Equal(HttpStatusCode.Conflict, status);
        AssertBody(MissingRegistration("Microsoft.Network"), body);
        (status, _, _) = await sim.SendAsync(HttpMethod.Put, $"{SampleRg}/providers/Microsoft.Network/networkSecurityGroups/nsg-x?{Network}", new JsonObject { ["location"] = "westeurope" });
        Assert.Equal(HttpStatusCode.Conflict, status);

        // The provider read (Microsoft.Resources) still works and says so; other providers are untouched.
        var provider = await sim.GetOkAsync($"/subscriptions/{Sub}/providers/Microsoft.Network?api-version=2021-04-01");
        Assert.Equal("NotRegistered", (string?)provider["registrationState"]);
        await sim.GetOkAsync($"/subscriptions/{Sub}/providers/Microsoft.Compute/virtualMachines?{Compute}");
    }

    [Fact]
    public async Task UnregisteredSecurity_DefenderTypesAre404SubscriptionNotRegistered_JitIs409()
    {
        await using var sim = await StartAsync();
        await SetConditionsAsync(sim, new JsonObject { ["unregisteredNamespaces"] = new JsonArray("Microsoft.Security") });
        var notRegistered = Error("Subscription Not Registered", "Please register to Microsoft.Security in order to view your security status");

        foreach (var url in new[]
                 {
                     $"/subscriptions/{Sub}/providers/Microsoft.Security/assessments?{Jit}",
                     $"{Vm}/providers/Microsoft.Security/assessments?{Jit}",
                     $"/subscriptions/{Sub}/providers/Microsoft.Security/secureScores?{Jit}",
                     $"/subscriptions/{Sub}/providers/Microsoft.Security/secureScores/ascScore?{Jit}",
                     $"/subscriptions/{Sub}/providers/Microsoft.Security/secureScoreControls?{Jit}",
                     $"/subscriptions/{Sub}/providers/Microsoft.Security/pricings?api-version=2024-01-01",
                     $"/subscriptions/{Sub}/providers/Microsoft.Security/pricings/VirtualMachines?api-version=2024-01-01",
                 })
        {
            var (status, body, _) = await sim.SendAsync(HttpMethod.Get, url);
            Assert.True(status == HttpStatusCode.NotFound, $"{url} → {(int)status}");
            AssertBody(notRegistered, body);
        }
        var (jitStatus, jitBody, _) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{Sub}/providers/Microsoft.Security/jitNetworkAccessPolicies?{Jit}");
        Assert.Equal(HttpStatusCode.Conflict, jitStatus);
        AssertBody(MissingRegistration("Microsoft.Security"), jitBody);
        (jitStatus, jitBody, _) = await sim.SendAsync(HttpMethod.Put, $"{Policy}?{Jit}", PolicyBody(Vm));
        Assert.Equal(HttpStatusCode.Conflict, jitStatus);
        Assert.Equal("MissingSubscriptionRegistration", (string?)jitBody!["error"]!["code"]);
    }

    [Fact]
    public async Task ClassicCompute_UnregisteredByDefaultWithoutClassicVms_409_Or400WhenConfigured()
    {
        await using var sim = await StartAsync();
        var classic = $"/subscriptions/{Sub}/providers/Microsoft.ClassicCompute/virtualMachines?api-version=2017-04-01";
        var conditions = await sim.GetOkAsync($"/_simulator/subscriptions/{Sub}/conditions");
        Assert.Equal(["Microsoft.ClassicCompute"], conditions["unregisteredNamespaces"]!.AsArray().Select(n => (string)n!));

        var (status, body, _) = await sim.SendAsync(HttpMethod.Get, classic);
        Assert.Equal(HttpStatusCode.Conflict, status);
        AssertBody(MissingRegistration("Microsoft.ClassicCompute"), body);

        await SetConditionsAsync(sim, new JsonObject { ["classicComputeErrorStatus"] = 400 });
        (status, body, _) = await sim.SendAsync(HttpMethod.Get, classic);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BadRequest", (string?)body!["error"]!["code"]);
        Assert.Contains("Microsoft.ClassicCompute", (string?)body["error"]!["message"], StringComparison.Ordinal);

        // Registered again: the (empty) list.
        await SetConditionsAsync(sim, new JsonObject { ["unregisteredNamespaces"] = new JsonArray() });
        Assert.Empty((await sim.GetOkAsync(classic))["value"]!.AsArray());
    }

    [Fact]
    public async Task DemoAndGeneratedEstates_ClassicComputeRegisteredOnlyWhereClassicVmsAre_SharedServicesCannotReadAssessments()
    {
        await using var sim = await StartAsync(DemoEstate.Create());
        var subs = (await sim.GetOkAsync("/subscriptions?api-version=2022-12-01"))["value"]!.AsArray()
            .ToDictionary(s => (string)s!["displayName"]!, s => (string)s!["subscriptionId"]!);
        Assert.Equal(3, subs.Count);
        string Classic(string sub) => $"/subscriptions/{sub}/providers/Microsoft.ClassicCompute/virtualMachines?api-version=2017-04-01";
        Assert.Equal(2, (await sim.GetOkAsync(Classic(subs["Contoso Production"])))["value"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.Conflict, (await sim.SendAsync(HttpMethod.Get, Classic(subs["Contoso Development"]))).Status);

        var shared = subs["Contoso Shared Services"];
        var (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{shared}/providers/Microsoft.Security/assessments?{Jit}");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertBody(Error("AuthorizationFailed", AuthorizationFailed(Caller(sim), "Microsoft.Security/assessments/read", $"/subscriptions/{shared}")), body);
        // Everything else there is readable, and the other subscriptions are healthy.
        await sim.GetOkAsync($"/subscriptions/{shared}/providers/Microsoft.Security/secureScoreControls?{Jit}");
        await sim.GetOkAsync($"/subscriptions/{shared}/providers/Microsoft.Compute/virtualMachines?{Compute}");
        await sim.GetOkAsync($"/subscriptions/{subs["Contoso Production"]}/providers/Microsoft.Security/assessments?{Jit}");

        // Generated estates: ClassicCompute registered exactly where the generator placed classic VMs.
        var generated = EstateGenerator.Generate(new GeneratorSpec(400, 4, 5));
        await sim.SendOkAsync(HttpMethod.Put, "/_simulator/estate", generated);
        var dump = await sim.GetOkAsync("/_simulator/estate");
        foreach (var s in dump["subscriptions"]!.AsArray())
        {
            var id = (string)s!["subscriptionId"]!;
            var hasClassic = dump["resources"]!.AsArray().Any(r => (string?)r!["type"] == "Microsoft.ClassicCompute/virtualMachines" && ((string)r["id"]!).Contains(id, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(hasClassic ? [] : ["Microsoft.ClassicCompute"], s["unregisteredNamespaces"]!.AsArray().Select(n => (string)n!).ToArray());
            Assert.Empty(s["deniedActions"]!.AsArray());
            Assert.Equal("Enabled", (string?)s["state"]);
        }
    }

    // ---------------------------------------------------------------- permission gaps

    [Fact]
    public async Task DeniedActions_PerType_403AuthorizationFailed_NamingTheActionAndScope()
    {
        await using var sim = await StartAsync();
        var caller = Caller(sim);
        await SetConditionsAsync(sim, new JsonObject
        {
            ["deniedActions"] = new JsonArray(
                "Microsoft.Network/networkSecurityGroups/read",
                "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
                new JsonObject { ["action"] = "Microsoft.Security/locations/jitNetworkAccessPolicies/delete", ["scope"] = SampleRg }),
        });

        var (status, body, _) = await sim.SendAsync(HttpMethod.Get, Nsgs);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertBody(Error("AuthorizationFailed", AuthorizationFailed(caller, "Microsoft.Network/networkSecurityGroups/read", $"/subscriptions/{Sub}")), body);
        var nsg = $"{SampleRg}/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-web-ssh-open-nic";
        (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"{nsg}?{Network}");
        AssertBody(Error("AuthorizationFailed", AuthorizationFailed(caller, "Microsoft.Network/networkSecurityGroups/read", nsg)), body);
        // Rules are another type: still readable.
        await sim.GetOkAsync($"{nsg}/securityRules?{Network}");

        // JIT: write allowed, initiate (a POST action) and delete (scoped to the resource group) denied.
        await sim.SendOkAsync(HttpMethod.Put, $"{Policy}?{Jit}", PolicyBody(Vm));
        (status, body, _) = await sim.SendAsync(HttpMethod.Post, $"{Policy}/initiate?{Jit}", new JsonObject { ["virtualMachines"] = new JsonArray() });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertBody(Error("AuthorizationFailed", AuthorizationFailed(caller, "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action", Policy)), body);
        (status, body, _) = await sim.SendAsync(HttpMethod.Delete, $"{Policy}?{Jit}");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertBody(Error("AuthorizationFailed", AuthorizationFailed(caller, "Microsoft.Security/locations/jitNetworkAccessPolicies/delete", Policy)), body);

        // A JIT list is a read of the located type.
        await SetConditionsAsync(sim, new JsonObject { ["deniedActions"] = new JsonArray("Microsoft.Security/locations/jitNetworkAccessPolicies/read") });
        (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{Sub}/providers/Microsoft.Security/jitNetworkAccessPolicies?{Jit}");
        AssertBody(Error("AuthorizationFailed", AuthorizationFailed(caller, "Microsoft.Security/locations/jitNetworkAccessPolicies/read", $"/subscriptions/{Sub}")), body);
    }

    [Fact]
    public async Task DeniedEverything_HidesTheSubscription_And403sEveryCall()
    {
        await using var sim = await StartAsync();
        await SetConditionsAsync(sim, new JsonObject { ["deniedActions"] = new JsonArray("*") });

        Assert.Empty((await sim.GetOkAsync("/subscriptions?api-version=2022-12-01"))["value"]!.AsArray());
        var (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{Sub}?api-version=2022-12-01");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertBody(Error("AuthorizationFailed", AuthorizationFailed(Caller(sim), "Microsoft.Resources/subscriptions/read", $"/subscriptions/{Sub}")), body);
        (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"{Vm}?{Compute}");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("'Microsoft.Compute/virtualMachines/read'", (string?)body!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task JitPolicyNamingAVmWhoseWriteIsDenied_Is403LinkedAuthorizationFailed()
    {
        await using var sim = await StartAsync();
        await SetConditionsAsync(sim, new JsonObject
        {
            ["deniedActions"] = new JsonArray(new JsonObject { ["action"] = "Microsoft.Compute/virtualMachines/write", ["scope"] = Vm }),
        });
        var caller = Caller(sim);
        var (status, body, _) = await sim.SendAsync(HttpMethod.Put, $"{Policy}?{Jit}", PolicyBody(Vm));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertBody(Error("LinkedAuthorizationFailed",
            $"The client '{caller.Name}' with object id '{caller.Oid}' has permission to perform action 'Microsoft.Security/locations/jitNetworkAccessPolicies/write' on scope '{Policy}'; " +
            $"however, it does not have permission to perform action(s) 'Microsoft.Compute/virtualMachines/write' on the linked scope(s) '{Vm}' (respectively) or the linked scope(s) are invalid."), body);
        // Another VM is fine, and nothing was written.
        Assert.Equal(HttpStatusCode.NotFound, (await sim.SendAsync(HttpMethod.Get, $"{Policy}?{Jit}")).Status);
        await sim.SendOkAsync(HttpMethod.Put, $"{Policy}?{Jit}", PolicyBody($"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-office-rdp"));
    }

    [Fact]
    public async Task PolicyDenial_Is403RequestDisallowedByPolicy_WithPolicyViolationInfo()
    {
        await using var sim = await StartAsync();
        await SetConditionsAsync(sim, new JsonObject
        {
            ["policyDenials"] = new JsonArray(new JsonObject
            {
                ["resourceType"] = "Microsoft.Security/locations/jitNetworkAccessPolicies",
                ["policyAssignmentName"] = "deny-jit",
                ["scope"] = SampleRg,
            }),
        });
        var (status, body, _) = await sim.SendAsync(HttpMethod.Put, $"{Policy}?{Jit}", PolicyBody(Vm));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var error = body!["error"]!;
        Assert.Equal(["code", "target", "message", "additionalInfo"], error.AsObject().Select(p => p.Key));
        Assert.Equal("RequestDisallowedByPolicy", (string?)error["code"]);
        Assert.Equal("web", (string?)error["target"]);
        var assignmentId = $"{SampleRg}/providers/Microsoft.Authorization/policyAssignments/deny-jit";
        const string definitionId = "/providers/Microsoft.Authorization/policyDefinitions/6c112d4e-5bc7-47ae-a041-ea2d9dccd749";
        Assert.Equal(
            "Resource 'web' was disallowed by policy. Policy identifiers: '[{\"policyAssignment\":{\"name\":\"deny-jit\",\"id\":\"" + assignmentId +
            "\"},\"policyDefinition\":{\"name\":\"Not allowed resource types\",\"id\":\"" + definitionId + "\"}}]'.",
            (string?)error["message"]);
        var info = error["additionalInfo"]![0]!;
        Assert.Equal("PolicyViolation", (string?)info["type"]);
        Assert.Equal("Not allowed resource types", (string?)info["info"]!["policyDefinitionDisplayName"]);
        Assert.Equal("deny-jit", (string?)info["info"]!["policyAssignmentName"]);
        Assert.Equal(assignmentId, (string?)info["info"]!["policyAssignmentId"]);
        Assert.Equal("Deny", (string?)info["info"]!["policyDefinitionEffect"]);
        // Reads and deletes are not writes of the type: unaffected.
        await sim.GetOkAsync($"/subscriptions/{Sub}/providers/Microsoft.Security/jitNetworkAccessPolicies?{Jit}");
    }

    // ---------------------------------------------------------------- subscription state

    [Theory]
    [InlineData("Disabled")]
    [InlineData("Expired")]
    public async Task DisabledOrExpired_ReadsAndDeletesWork_WritesAre409ReadOnlyDisabledSubscription(string state)
    {
        await using var sim = await StartAsync();
        await sim.SendOkAsync(HttpMethod.Put, $"{Policy}?{Jit}", PolicyBody(Vm));
        await SetConditionsAsync(sim, new JsonObject { ["state"] = state });

        Assert.Equal(state, (string?)(await sim.GetOkAsync($"/subscriptions/{Sub}?api-version=2022-12-01"))["state"]);
        Assert.Equal(state, (string?)(await sim.GetOkAsync("/subscriptions?api-version=2022-12-01"))["value"]![0]!["state"]);
        await sim.GetOkAsync($"{Vm}?{Compute}");
        var readOnly = Error("ReadOnlyDisabledSubscription",
            $"The subscription '{Sub}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.");
        var (status, body, _) = await sim.SendAsync(HttpMethod.Put, $"{Policy}?{Jit}", PolicyBody(Vm));
        Assert.Equal(HttpStatusCode.Conflict, status);
        AssertBody(readOnly, body);
        (status, body, _) = await sim.SendAsync(HttpMethod.Post, $"{Policy}/initiate?{Jit}", new JsonObject { ["virtualMachines"] = new JsonArray() });
        Assert.Equal(HttpStatusCode.Conflict, status);
        AssertBody(readOnly, body);
        (status, _, _) = await sim.SendAsync(HttpMethod.Delete, $"{Policy}?{Jit}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Disabled_SecureScoreIs404ResourceNotFound_WithPascalCaseKeys()
    {
        await using var sim = await StartAsync();
        await SetConditionsAsync(sim, new JsonObject { ["state"] = "Disabled" });
        var expected = new JsonObject { ["Error"] = new JsonObject { ["Code"] = "ResourceNotFound", ["Message"] = $"Secure score 'ascScore' does not exist in scope '{Sub}'" } };
        foreach (var url in new[]
                 {
                     $"/subscriptions/{Sub}/providers/Microsoft.Security/secureScores/ascScore?{Jit}",
                     $"/subscriptions/{Sub}/providers/Microsoft.Security/secureScores?{Jit}",
                     $"/subscriptions/{Sub}/providers/Microsoft.Security/secureScoreControls?{Jit}",
                     $"/subscriptions/{Sub}/providers/Microsoft.Security/secureScores/ascScore/secureScoreControls?{Jit}",
                 })
        {
            var (status, body, _) = await sim.SendAsync(HttpMethod.Get, url);
            Assert.True(status == HttpStatusCode.NotFound, $"{url} → {(int)status}");
            AssertBody(expected, body);
        }
    }

    [Fact]
    public async Task Deleted_IsNotListed_AndEveryCallUnderItIs404SubscriptionNotFound()
    {
        await using var sim = await StartAsync();
        await SetConditionsAsync(sim, new JsonObject { ["state"] = "Deleted" });
        Assert.Empty((await sim.GetOkAsync("/subscriptions?api-version=2022-12-01"))["value"]!.AsArray());
        var notFound = Error("SubscriptionNotFound", $"The subscription '{Sub}' could not be found.");
        foreach (var (method, url) in new[]
                 {
                     (HttpMethod.Get, $"/subscriptions/{Sub}?api-version=2022-12-01"),
                     (HttpMethod.Get, $"/subscriptions/{Sub}/providers/Microsoft.Compute/virtualMachines?{Compute}"),
                     (HttpMethod.Put, $"{Policy}?{Jit}"),
                 })
        {
            var (status, body, _) = await sim.SendAsync(method, url, method == HttpMethod.Put ? PolicyBody(Vm) : null);
            Assert.Equal(HttpStatusCode.NotFound, status);
            AssertBody(notFound, body);
        }
        // The control API still knows it: it can be brought back.
        await SetConditionsAsync(sim, new JsonObject { ["state"] = "Enabled" });
        await sim.GetOkAsync($"/subscriptions/{Sub}?api-version=2022-12-01");
    }

    // ---------------------------------------------------------------- request size

    [Fact]
    public async Task BodyOver4MB_Is413RequestContentTooLarge()
    {
        await using var sim = await StartAsync();
        var body = PolicyBody(Vm);
        body["padding"] = new string('x', 4 * 1024 * 1024);
        var (status, answer, _) = await sim.SendAsync(HttpMethod.Put, $"{Policy}?{Jit}", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        AssertBody(Error("RequestContentTooLarge", "The request content size exceeds the maximum size of 4 MB."), answer);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.SendAsync(HttpMethod.Get, $"{Policy}?{Jit}")).Status);
    }

    // ---------------------------------------------------------------- Defender plans

    private static JsonNode Example(string file)
        => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "pricings", file)))!["responses"]!["200"]!["body"]!;

    [Fact]
    public async Task Pricings_ListAndGet_HaveTheOfficialExamplesShape_DefaultStandardP2()
    {
        await using var sim = await StartAsync();
        var list = await sim.GetOkAsync($"/subscriptions/{Sub}/providers/Microsoft.Security/pricings?api-version=2024-01-01");
        var example = Example("ListPricings_example.json");
        var names = list["value"]!.AsArray().Select(p => (string)p!["name"]!).ToList();
        Assert.Equal(example["value"]!.AsArray().Select(p => (string)p!["name"]!), names);

        var servers = list["value"]!.AsArray().Single(p => (string?)p!["name"] == "VirtualMachines")!;
        Assert.Empty(JsonShape.Differences(example["value"]![0], servers));
        Assert.Equal($"/subscriptions/{Sub}/providers/Microsoft.Security/pricings/VirtualMachines", (string?)servers["id"]);
        Assert.Equal("Microsoft.Security/pricings", (string?)servers["type"]);
        Assert.Equal("Standard", (string?)servers["properties"]!["pricingTier"]);
        Assert.Equal("P2", (string?)servers["properties"]!["subPlan"]);
        // The other plans are Free, shaped like the example's Free plans (AppServices; the deprecated ones too).
        var free = example["value"]!.AsArray().Single(p => (string?)p!["name"] == "AppServices");
        foreach (var plan in list["value"]!.AsArray().Where(p => (string?)p!["name"] != "VirtualMachines"))
        {
            Assert.Empty(JsonShape.Differences(free, plan));
            Assert.Equal("Free", (string?)plan!["properties"]!["pricingTier"]);
        }
        var deprecated = example["value"]!.AsArray().Single(p => (string?)p!["name"] == "KubernetesService");
        Assert.Empty(JsonShape.Differences(deprecated, list["value"]!.AsArray().Single(p => (string?)p!["name"] == "KubernetesService")));

        foreach (var version in new[] { "2024-01-01", "2023-01-01", "2022-03-01", "2018-06-01" })
        {
            var get = await sim.GetOkAsync($"/subscriptions/{Sub}/providers/Microsoft.Security/pricings/virtualmachines?api-version={version}");
            Assert.Empty(JsonShape.Differences(Example("GetPricingByNameVirtualMachines_example.json"), get));
            Assert.Equal("VirtualMachines", (string?)get["name"]);
        }
    }

    [Fact]
    public async Task Pricings_PutAndConditions_ChangeTheServersPlan()
    {
        var estate = SampleEstate();
        estate["subscriptions"]![0]!["defenderForServers"] = new JsonObject { ["pricingTier"] = "Standard", ["subPlan"] = "P1" };
        await using var sim = await StartAsync(estate);
        var url = $"/subscriptions/{Sub}/providers/Microsoft.Security/pricings/VirtualMachines?api-version=2024-01-01";
        var p1 = await sim.GetOkAsync(url);
        Assert.Equal("P1", (string?)p1["properties"]!["subPlan"]);

        var free = await sim.SendOkAsync(HttpMethod.Put, url, new JsonObject { ["properties"] = new JsonObject { ["pricingTier"] = "Free" } });
        Assert.Equal("Free", (string?)free["properties"]!["pricingTier"]);
        Assert.Null(free["properties"]!["subPlan"]);
        Assert.Equal("Free", (string?)(await sim.GetOkAsync(url))["properties"]!["pricingTier"]);
        AssertBody(new JsonObject { ["pricingTier"] = "Free" }, (await sim.GetOkAsync($"/_simulator/subscriptions/{Sub}/conditions"))["defenderForServers"]);

        var (status, body, _) = await sim.SendAsync(HttpMethod.Put, url, new JsonObject { ["properties"] = new JsonObject { ["pricingTier"] = "Premium" } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("pricingTier", (string?)body!["error"]!["message"], StringComparison.Ordinal);

        await SetConditionsAsync(sim, new JsonObject { ["defenderForServers"] = new JsonObject { ["pricingTier"] = "Standard", ["subPlan"] = "P2" } });
        Assert.Equal("P2", (string?)(await sim.GetOkAsync(url))["properties"]!["subPlan"]);
    }

    // ---------------------------------------------------------------- throttling shapes

    [Fact]
    public async Task ComputeVmCalls_DrainTheHighCostBucket_429OperationNotAllowed_HighCostGet30Min()
    {
        await using var sim = await StartAsync(configure: o => { o.HighCostBucketCapacity = 2; o.HighCostRefillPerSecond = 0.01; });
        var url = $"/subscriptions/{Sub}/providers/Microsoft.Compute/virtualMachines?{Compute}";
        await sim.GetOkAsync(url);
        var (_, _, ok) = await sim.SendAsync(HttpMethod.Get, $"{Vm}?{Compute}");
        Assert.Equal("Microsoft.Compute/HighCostGet30Min;0", ok.Headers.GetValues("x-ms-ratelimit-remaining-resource").Single());
        var (status, body, response) = await sim.SendAsync(HttpMethod.Get, url);
        Assert.Equal((HttpStatusCode)429, status);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var error = body!["error"]!;
        Assert.Equal("OperationNotAllowed", (string?)error["code"]);
        Assert.Equal("The server rejected the request because too many requests have been received for this subscription.", (string?)error["message"]);
        var detail = error["details"]![0]!;
        Assert.Equal("TooManyRequests", (string?)detail["code"]);
        Assert.Equal("HighCostGet30Min", (string?)detail["target"]);
        var measured = JsonNode.Parse((string)detail["message"]!)!;
        Assert.Equal(["operationGroup", "startTime", "endTime", "allowedRequestCount", "measuredRequestCount"], measured.AsObject().Select(p => p.Key));
        Assert.Equal("HighCostGet30Min", (string?)measured["operationGroup"]);
        Assert.Equal(2, (int)measured["allowedRequestCount"]!);
        Assert.Equal(3, (int)measured["measuredRequestCount"]!);
        // Other reads are not high cost.
        await sim.GetOkAsync(Nsgs);
    }

    [Fact]
    public async Task NetworkCalls_OverNetworksLimit_429TooManyRequests_RetryIn64Seconds()
    {
        await using var sim = await StartAsync(configure: o => o.NetworkReadBucketCapacity = 2);
        await sim.GetOkAsync(Nsgs);
        await sim.GetOkAsync(Nsgs);
        var (status, body, response) = await sim.SendAsync(HttpMethod.Get, Nsgs);
        Assert.Equal((HttpStatusCode)429, status);
        Assert.Equal(TimeSpan.FromSeconds(64), response.Headers.RetryAfter?.Delta);
        AssertBody(Error("TooManyRequests",
            $"Subscription '{Sub}' was used to perform too many calls within last 5 minutes. The number of calls exceeds Microsoft.Network throttling limit. The call can be retried in 64 seconds."), body);
        await sim.GetOkAsync($"{Vm}?{Compute}");
    }

    // ---------------------------------------------------------------- faults

    [Fact]
    public async Task Faults_CarryErrorCodeMessageTargetAndPascalCase_AndNewStatusesHaveDefaults()
    {
        await using var sim = await StartAsync();
        var vms = $"/subscriptions/{Sub}/providers/Microsoft.Compute/virtualMachines?{Compute}";

        async Task<(HttpStatusCode Status, JsonNode? Body)> FaultThenGet(JsonObject fault, string url)
        {
            fault["count"] = 1;
            await sim.SendOkAsync(HttpMethod.Post, "/_simulator/faults", fault, HttpStatusCode.Created);
            var (status, body, _) = await sim.SendAsync(HttpMethod.Get, url);
            return (status, body);
        }

        var (status, body) = await FaultThenGet(new JsonObject { ["status"] = 409, ["errorCode"] = "MissingSubscriptionRegistration", ["message"] = "not registered", ["target"] = "Microsoft.Compute" }, vms);
        Assert.Equal(HttpStatusCode.Conflict, status);
        AssertBody(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = "MissingSubscriptionRegistration",
                ["message"] = "not registered",
                ["details"] = new JsonArray(new JsonObject { ["code"] = "MissingSubscriptionRegistration", ["target"] = "Microsoft.Compute", ["message"] = "not registered" }),
            },
        }, body);

        (status, body) = await FaultThenGet(new JsonObject { ["status"] = 404, ["errorCode"] = "ResourceNotFound", ["message"] = "gone", ["pascalCase"] = true }, vms);
        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertBody(new JsonObject { ["Error"] = new JsonObject { ["Code"] = "ResourceNotFound", ["Message"] = "gone" } }, body);

        (status, body) = await FaultThenGet(new JsonObject { ["status"] = 502 }, vms);
        Assert.Equal(HttpStatusCode.BadGateway, status);
        AssertBody(Error("ProviderError", "Resource provider 'Microsoft.Compute' failed to return collection response for type 'virtualMachines'."), body);

        (status, body) = await FaultThenGet(new JsonObject { ["status"] = 409, ["pathContains"] = "Microsoft.Network" }, Nsgs);
        Assert.Equal(HttpStatusCode.Conflict, status);
        AssertBody(Error("SubscriptionNotRegistered", $"Subscription {Sub} is not registered with NRP."), body);

        (status, body) = await FaultThenGet(new JsonObject { ["status"] = 403 }, vms);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertBody(Error("AuthorizationFailed", AuthorizationFailed(Caller(sim), "Microsoft.Compute/virtualMachines/read", $"/subscriptions/{Sub}")), body);

        foreach (var s in new[] { 400, 413, 500, 503, 504 })
        {
            (status, body) = await FaultThenGet(new JsonObject { ["status"] = s }, vms);
            Assert.Equal(s, (int)status);
            Assert.NotNull((string?)body!["error"]!["code"]);
        }

        foreach (var bad in new[]
                 {
                     new JsonObject { ["status"] = 418 },
                     new JsonObject { ["errorCode"] = "X" },
                     new JsonObject { ["status"] = 500, ["pascalCase"] = "yes" },
                     new JsonObject { ["status"] = 500, ["target"] = "" },
                 })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await sim.SendAsync(HttpMethod.Post, "/_simulator/faults", bad)).Status);
        }
        await sim.GetOkAsync(vms);
    }

    // ---------------------------------------------------------------- control API and estate file

    [Fact]
    public async Task ConditionsApi_ReplacesOnlyTheKeysGiven_BadInputIs400AndChangesNothing_UnknownSubscriptionIs404()
    {
        await using var sim = await StartAsync();
        var url = $"/_simulator/subscriptions/{Sub}/conditions";
        var defaults = await sim.GetOkAsync(url);
        AssertBody(JsonNode.Parse("""
            {"state":"Enabled","unregisteredNamespaces":["Microsoft.ClassicCompute"],"deniedActions":[],"defenderForServers":{"pricingTier":"Standard","subPlan":"P2"},"policyDenials":[],"classicComputeErrorStatus":null}
            """), defaults);

        var changed = await SetConditionsAsync(sim, new JsonObject { ["state"] = "warned", ["deniedActions"] = new JsonArray("Microsoft.Security/assessments/read") });
        Assert.Equal("Warned", (string?)changed["state"]);
        Assert.Equal(["Microsoft.ClassicCompute"], changed["unregisteredNamespaces"]!.AsArray().Select(n => (string)n!));
        var before = await sim.GetOkAsync(url);

        foreach (var bad in new JsonNode[]
                 {
                     new JsonObject { ["state"] = "Suspended" },
                     new JsonObject { ["state"] = "Disabled", ["unregisteredNamespaces"] = "Microsoft.Network" },
                     new JsonObject { ["unregisteredNamespaces"] = new JsonArray("not a namespace") },
                     new JsonObject { ["deniedActions"] = new JsonArray(new JsonObject { ["action"] = "Microsoft.Compute/virtualMachines/read", ["scope"] = "/subscriptions/11111111-1111-1111-1111-111111111111" }) },
                     new JsonObject { ["deniedActions"] = new JsonArray(42) },
                     new JsonObject { ["defenderForServers"] = new JsonObject { ["pricingTier"] = "Free", ["subPlan"] = "P1" } },
                     new JsonObject { ["policyDenials"] = new JsonArray(new JsonObject { ["policyAssignmentName"] = "x" }) },
                     new JsonObject { ["classicComputeErrorStatus"] = 500 },
                     new JsonObject { ["colour"] = "red" },
                     new JsonArray(),
                 })
        {
            var (status, body, _) = await sim.SendAsync(HttpMethod.Put, url, bad);
            Assert.True(status == HttpStatusCode.BadRequest, $"{bad.ToJsonString()} → {(int)status}");
            Assert.Equal("InvalidConditions", (string?)body!["error"]!["code"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)body["error"]!["message"]));
            AssertBody(before, await sim.GetOkAsync(url));
        }

        var (missing, _, _) = await sim.SendAsync(HttpMethod.Get, "/_simulator/subscriptions/11111111-1111-1111-1111-111111111111/conditions");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        (missing, _, _) = await sim.SendAsync(HttpMethod.Put, "/_simulator/subscriptions/11111111-1111-1111-1111-111111111111/conditions", new JsonObject { ["state"] = "Disabled" });
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task EstateFile_AcceptsTheConditionKeys_AndTheDumpReloadsIdentically()
    {
        var estate = SampleEstate();
        var sub = estate["subscriptions"]![0]!.AsObject();
        sub["state"] = "PastDue";
        sub["unregisteredNamespaces"] = new JsonArray("Microsoft.ClassicCompute", "Microsoft.Network");
        sub["deniedActions"] = new JsonArray("Microsoft.Security/assessments/read", new JsonObject { ["action"] = "Microsoft.Compute/virtualMachines/write", ["scope"] = Vm });
        sub["defenderForServers"] = new JsonObject { ["pricingTier"] = "Free" };
        sub["policyDenials"] = new JsonArray(new JsonObject { ["resourceType"] = "Microsoft.Security/locations/jitNetworkAccessPolicies" });
        sub["classicComputeErrorStatus"] = 400;
        await using var sim = await StartAsync(estate);

        var dump = await sim.GetOkAsync("/_simulator/estate");
        var dumped = dump["subscriptions"]![0]!.AsObject();
        foreach (var key in new[] { "state", "unregisteredNamespaces", "deniedActions", "defenderForServers", "policyDenials", "classicComputeErrorStatus" })
            AssertBody(sub[key], dumped[key]);
        Assert.Equal("PastDue", (string?)(await sim.GetOkAsync($"/subscriptions/{Sub}?api-version=2022-12-01"))["state"]);

        await using var other = await StartAsync(dump.AsObject());
        AssertBody(dump, await other.GetOkAsync("/_simulator/estate"));

        // A bad key in the file is refused with the subscription named, and the state is kept.
        sub["state"] = "Paused";
        var (status, body, _) = await other.SendAsync(HttpMethod.Put, "/_simulator/estate", estate);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("subscriptions[0]", (string?)body!["error"]!["message"], StringComparison.Ordinal);
        AssertBody(dump, await other.GetOkAsync("/_simulator/estate"));
    }

    [Fact]
    public void RbacActions_MapMethodAndPath_AsArmDoes()
    {
        static string? Action(string method, string path) => JitDashboard.Simulator.Arm.RbacActions.For(method, path.Split('/', StringSplitOptions.RemoveEmptyEntries))?.Action;
        Assert.Equal("Microsoft.Security/locations/jitNetworkAccessPolicies/write", Action("PUT", Policy));
        Assert.Equal("Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action", Action("POST", Policy + "/initiate"));
        Assert.Equal("Microsoft.Security/locations/jitNetworkAccessPolicies/read", Action("GET", $"/subscriptions/{Sub}/providers/Microsoft.Security/jitNetworkAccessPolicies"));
        Assert.Equal("Microsoft.Security/assessments/read", Action("GET", $"{Vm}/providers/Microsoft.Security/assessments"));
        Assert.Equal("Microsoft.Network/networkSecurityGroups/securityRules/delete", Action("DELETE", $"{SampleRg}/providers/Microsoft.Network/networkSecurityGroups/n/securityRules/r"));
        Assert.Equal("Microsoft.Resources/subscriptions/read", Action("GET", $"/subscriptions/{Sub}"));
        Assert.Equal("Microsoft.Resources/subscriptions/providers/read", Action("GET", $"/subscriptions/{Sub}/providers/Microsoft.Network"));
    }
}

using JitDashboard.Simulator.Tests;
using JitDashboard.Simulator.Tests.Arm;
using JitDashboard.Simulator.Tests.Estate;
using JitDashboard.Simulator.Tests.Sdk;
using JitDashboard.Simulator.Tests.State;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static JitDashboard.Simulator.Tests.SimFixture;

namespace JitDashboard.Simulator.Tests.Defender;

/// <summary>JIT policies, their NSG effects, requests and expiry, and what Defender derives from them.</summary>
public sealed partial class JitTests
{
    private const string Api = "api-version=2020-01-01";
    private const string Policy = $"{SampleRg}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default";
    private const string WebVm = $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-web-ssh-open";
    private const string OfficeVm = $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-office-rdp";
    private const string ProtectedVm = $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-jit-protected";
    private const string WebNsg = $"{SampleRg}/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-web-ssh-open-nic";
    private const string OfficeNsg = $"{SampleRg}/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-office-rdp-nic";
    private const string JitKey = "805651bc-6ecd-4c73-9b55-97a19d0582d0";
    private const string ClosedKey = "bc303248-3d14-44c2-96a0-55f5c326b5fe";

    [GeneratedRegex("^SecurityCenter-JITRule_-?[0-9]+_[0-9A-F]{32}$")]
    private static partial Regex DenyName();

    [GeneratedRegex("^SecurityCenter-JITRule-[0-9]+-[0-9A-F]{32}$")]
    private static partial Regex AllowName();

    private static JsonObject VmEntry(string vmId, params int[] ports) => new()
    {
        ["id"] = vmId,
        ["ports"] = new JsonArray(ports.Select(p => (JsonNode)new JsonObject
        {
            ["number"] = p, ["protocol"] = "*", ["allowedSourceAddressPrefix"] = "*", ["maxRequestAccessDuration"] = "PT3H",
        }).ToArray()),
    };

    private static JsonObject PolicyBody(params JsonObject[] vms) => new()
    {
        ["kind"] = "Basic",
        ["properties"] = new JsonObject { ["virtualMachines"] = new JsonArray(vms.Select(v => (JsonNode)v).ToArray()) },
    };

    private static async Task<List<JsonObject>> RulesAsync(SimFixture sim, string nsg)
        => (await sim.GetOkAsync($"{nsg}/securityRules?api-version=2024-05-01"))["value"]!.AsArray().Select(r => r!.AsObject()).ToList();

    private static JsonNode Props(JsonObject rule) => rule["properties"]!;

    [Fact]
    public async Task PolicyPut_NoCustomRuleOnThePorts_DenyAt1000()
    {
        await using var sim = await StartAsync();
        var answer = await sim.SendOkAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(VmEntry(ProtectedVm, 22, 3389, 5985, 5986), VmEntry(OfficeVm, 22, 5985)));
        Assert.Equal("Succeeded", (string?)answer["properties"]!["provisioningState"]);
        Assert.Empty(answer["properties"]!["requests"]!.AsArray());
        Assert.Equal("Microsoft.Security/locations/jitNetworkAccessPolicies", (string?)answer["type"]);

        var deny = Assert.Single(await RulesAsync(sim, OfficeNsg), r => ((string)r["name"]!).StartsWith("SecurityCenter-JITRule_", StringComparison.Ordinal));
        Assert.Matches(DenyName(), (string)deny["name"]!);
        Assert.Equal(1000, (int)Props(deny)["priority"]!);
        Assert.Equal("Deny", (string?)Props(deny)["access"]);
        Assert.Equal("Inbound", (string?)Props(deny)["direction"]);
        Assert.Equal("*", (string?)Props(deny)["protocol"]);
        Assert.Equal("*", (string?)Props(deny)["sourceAddressPrefix"]);
        Assert.Equal("10.2.1.5", (string?)Props(deny)["destinationAddressPrefix"]);
        Assert.Equal(["22", "5985"], Props(deny)["destinationPortRanges"]!.AsArray().Select(p => (string)p!));
        Assert.Equal("ASC JIT Network Access rule for policy 'default' of VM 'vm-office-rdp'.", (string?)Props(deny)["description"]);
    }

    [Fact]
    public async Task PolicyPut_CustomRuleOnAPort_DenyGoesRightAfterIt_AndAssessmentsFollow()
    {
        await using var sim = await StartAsync();
        var before = await ControlAsync(sim);
        Assert.Equal("Unhealthy", await StatusAsync(sim, WebVm, JitKey));
        Assert.Equal("Unhealthy", await StatusAsync(sim, WebVm, ClosedKey));

        await sim.SendOkAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(VmEntry(ProtectedVm, 22, 3389, 5985, 5986), VmEntry(WebVm, 22, 3389)));
        var rules = await RulesAsync(sim, WebNsg);
        var deny = Assert.Single(rules, r => DenyName().IsMatch((string)r["name"]!));
        // ssh-any (priority 300) allows 22 from anywhere and keeps precedence, as Defender's docs say.
        Assert.Equal(301, (int)Props(deny)["priority"]!);
        Assert.Equal("10.1.1.4", (string?)Props(deny)["destinationAddressPrefix"]);
        Assert.Equal("", (string?)Props(deny)["destinationPortRange"]);
        Assert.Equal(["22", "3389"], Props(deny)["destinationPortRanges"]!.AsArray().Select(p => (string)p!));

        Assert.Equal("Healthy", await StatusAsync(sim, WebVm, JitKey));
        Assert.Equal("Unhealthy", await StatusAsync(sim, WebVm, ClosedKey));
        Assert.Equal(before.Current, (await ControlAsync(sim)).Current);

        // Once the custom rule goes, the JIT deny closes port 22: both assessments are healthy and the control rises.
        await sim.SendOkAsync(HttpMethod.Delete, $"{WebNsg}/securityRules/ssh-any?api-version=2024-05-01", null);
        Assert.Equal("Healthy", await StatusAsync(sim, WebVm, ClosedKey));
        var after = await ControlAsync(sim);
        Assert.True(after.Current > before.Current, $"{after.Current} > {before.Current}");
        Assert.Equal(before.Healthy + 1, after.Healthy);
        var score = await sim.GetOkAsync($"/subscriptions/{SampleSub}/providers/Microsoft.Security/secureScores/ascScore?{Api}");
        var controls = await sim.GetOkAsync($"/subscriptions/{SampleSub}/providers/Microsoft.Security/secureScoreControls?{Api}");
        Assert.Equal(controls["value"]!.AsArray().Sum(c => (double)c!["properties"]!["score"]!["current"]!), (double)score["properties"]!["score"]!["current"]!, 2);
    }

    [Fact]
    public async Task Initiate_AddsAllowRule_RecordsRequest_AndExpiresWithTheClock()
    {
        await using var sim = await StartAsync();
        sim.Token = sim.UserToken(JitDashboard.Simulator.Identity.SimulatorIdentity.Alice);
        await sim.SendOkAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(VmEntry(ProtectedVm, 22, 3389, 5985, 5986), VmEntry(WebVm, 22, 3389)));
        var end = DateTime.UtcNow.AddHours(1);
        var request = new JsonObject
        {
            ["virtualMachines"] = new JsonArray(new JsonObject
            {
                ["id"] = WebVm,
                ["ports"] = new JsonArray(new JsonObject { ["number"] = 3389, ["endTimeUtc"] = end.ToString("o"), ["allowedSourceAddressPrefix"] = "198.51.100.7" }),
            }),
            ["justification"] = "fix the thing",
        };
        var accepted = await sim.SendOkAsync(HttpMethod.Post, $"{Policy}/initiate?{Api}", request, HttpStatusCode.Accepted);
        var port = accepted["virtualMachines"]![0]!["ports"]![0]!;
        Assert.Equal("Initiating", (string?)port["status"]);
        Assert.Equal("198.51.100.7", (string?)port["allowedSourceAddressPrefix"]);
        Assert.Equal("alice@contoso.test", (string?)accepted["requestor"]);
        Assert.Equal("fix the thing", (string?)accepted["justification"]);

        var allow = Assert.Single(await RulesAsync(sim, WebNsg), r => AllowName().IsMatch((string)r["name"]!));
        Assert.InRange((int)Props(allow)["priority"]!, 100, 299);
        Assert.Equal("Allow", (string?)Props(allow)["access"]);
        Assert.Equal("198.51.100.7", (string?)Props(allow)["sourceAddressPrefix"]);
        Assert.Equal("10.1.1.4", (string?)Props(allow)["destinationAddressPrefix"]);
        Assert.Equal("3389", (string?)Props(allow)["destinationPortRange"]);

        var policy = await sim.GetOkAsync($"{Policy}?{Api}");
        var recorded = policy["properties"]!["requests"]![0]!["virtualMachines"]![0]!["ports"]![0]!;
        Assert.Equal("Initiated", (string?)recorded["status"]);
        Assert.Equal("UserRequested", (string?)recorded["statusReason"]);

        await sim.SendOkAsync(HttpMethod.Post, "/_simulator/clock/advance", new JsonObject { ["minutes"] = 61 });
        Assert.DoesNotContain(await RulesAsync(sim, WebNsg), r => AllowName().IsMatch((string)r["name"]!));
        policy = await sim.GetOkAsync($"{Policy}?{Api}");
        recorded = policy["properties"]!["requests"]![0]!["virtualMachines"]![0]!["ports"]![0]!;
        Assert.Equal("Revoked", (string?)recorded["status"]);
        Assert.Equal("Expired", (string?)recorded["statusReason"]);
    }

    [Fact]
    public async Task Initiate_NewerRequestForTheSamePort_RevokesTheOlder()
    {
        await using var sim = await StartAsync();
        await sim.SendOkAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(VmEntry(WebVm, 22, 3389)));
        JsonObject Request(string source) => new()
        {
            ["virtualMachines"] = new JsonArray(new JsonObject
            {
                ["id"] = WebVm,
                ["ports"] = new JsonArray(new JsonObject { ["number"] = 3389, ["endTimeUtc"] = DateTime.UtcNow.AddHours(1).ToString("o"), ["allowedSourceAddressPrefix"] = source }),
            }),
        };
        await sim.SendOkAsync(HttpMethod.Post, $"{Policy}/initiate?{Api}", Request("198.51.100.7"), HttpStatusCode.Accepted);
        await sim.SendOkAsync(HttpMethod.Post, $"{Policy}/initiate?{Api}", Request("198.51.100.8"), HttpStatusCode.Accepted);
        var allow = Assert.Single(await RulesAsync(sim, WebNsg), r => AllowName().IsMatch((string)r["name"]!));
        Assert.Equal("198.51.100.8", (string?)Props(allow)["sourceAddressPrefix"]);
        var requests = (await sim.GetOkAsync($"{Policy}?{Api}"))["properties"]!["requests"]!.AsArray();
        Assert.Equal("NewerRequestInitiated", (string?)requests[0]!["virtualMachines"]![0]!["ports"]![0]!["statusReason"]);
        Assert.Equal("Initiated", (string?)requests[1]!["virtualMachines"]![0]!["ports"]![0]!["status"]);
    }

    [Fact]
    public async Task PolicyPut_WithoutAVm_RemovesItsRules_AndDeleteRemovesTheRest()
    {
        await using var sim = await StartAsync();
        await sim.SendOkAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(VmEntry(WebVm, 22, 3389), VmEntry(OfficeVm, 3389)));
        await sim.SendOkAsync(HttpMethod.Post, $"{Policy}/initiate?{Api}", new JsonObject
        {
            ["virtualMachines"] = new JsonArray(new JsonObject
            {
                ["id"] = WebVm,
                ["ports"] = new JsonArray(new JsonObject { ["number"] = 22, ["endTimeUtc"] = DateTime.UtcNow.AddHours(1).ToString("o") }),
            }),
        }, HttpStatusCode.Accepted);
        var office = Assert.Single(await RulesAsync(sim, OfficeNsg), r => DenyName().IsMatch((string)r["name"]!));
        Assert.Equal(311, (int)Props(office)["priority"]!);
        Assert.Equal("3389", (string?)Props(office)["destinationPortRange"]);
        var webRules = await RulesAsync(sim, WebNsg);
        Assert.Equal(3, webRules.Count);
        // No source in the request: Azure uses the caller's address, here loopback.
        Assert.Equal("127.0.0.1", (string?)Props(webRules.Single(r => AllowName().IsMatch((string)r["name"]!)))["sourceAddressPrefix"]);

        await sim.SendOkAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(VmEntry(OfficeVm, 3389)));
        Assert.Equal(["ssh-any"], (await RulesAsync(sim, WebNsg)).Select(r => (string)r["name"]!));
        Assert.Equal("Unhealthy", await StatusAsync(sim, WebVm, JitKey));

        Assert.Equal(HttpStatusCode.OK, (await sim.SendAsync(HttpMethod.Delete, $"{Policy}?{Api}")).Status);
        Assert.Equal(["rdp-office"], (await RulesAsync(sim, OfficeNsg)).Select(r => (string)r["name"]!));
        Assert.Equal(HttpStatusCode.NoContent, (await sim.SendAsync(HttpMethod.Delete, $"{Policy}?{Api}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.SendAsync(HttpMethod.Get, $"{Policy}?{Api}")).Status);
    }

    [Fact]
    public async Task PolicyPut_InvalidBodies_Are400WithClearMessages()
    {
        await using var sim = await StartAsync();
        var missing = $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/nope";
        var (status, body, _) = await sim.SendAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(VmEntry(missing, 22)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(missing, (string?)body!["error"]!["message"], StringComparison.Ordinal);

        var tooLong = VmEntry(WebVm, 22);
        tooLong["ports"]![0]!["maxRequestAccessDuration"] = "PT25H";
        (status, _, _) = await sim.SendAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(tooLong));
        Assert.Equal(HttpStatusCode.BadRequest, status);

        var both = VmEntry(WebVm, 22);
        both["ports"]![0]!["allowedSourceAddressPrefixes"] = new JsonArray("10.0.0.0/8");
        (status, _, _) = await sim.SendAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(both));
        Assert.Equal(HttpStatusCode.BadRequest, status);

        var badPort = VmEntry(WebVm, 70000);
        (status, _, _) = await sim.SendAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(badPort));
        Assert.Equal(HttpStatusCode.BadRequest, status);

        (status, _, _) = await sim.SendAsync(HttpMethod.Put, $"{Policy}?{Api}", new JsonObject { ["properties"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.BadRequest, status);

        var longName = $"{SampleRg}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/{new string('p', 50)}";
        (status, _, _) = await sim.SendAsync(HttpMethod.Put, $"{longName}?{Api}", PolicyBody(VmEntry(WebVm, 22)));
        Assert.Equal(HttpStatusCode.BadRequest, status);

        // Nothing was applied by the refused PUTs.
        Assert.DoesNotContain(await RulesAsync(sim, WebNsg), r => DenyName().IsMatch((string)r["name"]!));
    }

    [Fact]
    public async Task Initiate_InvalidRequests_Are400()
    {
        await using var sim = await StartAsync();
        var restricted = VmEntry(WebVm, 22);
        restricted["ports"]![0]!["allowedSourceAddressPrefix"] = "203.0.113.0/24";
        await sim.SendOkAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(restricted));
        async Task<HttpStatusCode> Try(int port, DateTime end, string? source, string vm = WebVm)
        {
            var p = new JsonObject { ["number"] = port, ["endTimeUtc"] = end.ToString("o") };
            if (source is not null)
                p["allowedSourceAddressPrefix"] = source;
            var body = new JsonObject { ["virtualMachines"] = new JsonArray(new JsonObject { ["id"] = vm, ["ports"] = new JsonArray(p) }) };
            return (await sim.SendAsync(HttpMethod.Post, $"{Policy}/initiate?{Api}", body)).Status;
        }
        var inAnHour = DateTime.UtcNow.AddHours(1);
        Assert.Equal(HttpStatusCode.BadRequest, await Try(3389, inAnHour, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.BadRequest, await Try(22, DateTime.UtcNow.AddHours(4), "203.0.113.5"));
        Assert.Equal(HttpStatusCode.BadRequest, await Try(22, DateTime.UtcNow.AddMinutes(-1), "203.0.113.5"));
        Assert.Equal(HttpStatusCode.BadRequest, await Try(22, inAnHour, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.BadRequest, await Try(22, inAnHour, "203.0.113.5", OfficeVm));
        Assert.Equal(HttpStatusCode.Accepted, await Try(22, inAnHour, "203.0.113.5"));
    }

    [Fact]
    public async Task Assessments_ListAndGet_FollowTheSampleEstate()
    {
        await using var sim = await StartAsync();
        var list = await sim.GetOkAsync($"/subscriptions/{SampleSub}/providers/Microsoft.Security/assessments?{Api}");
        Assert.Equal(8, list["value"]!.AsArray().Count);
        Assert.Equal("NotApplicable", await StatusAsync(sim, $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-legacy-no-nsg", JitKey));
        Assert.Equal("Unhealthy", await StatusAsync(sim, $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-legacy-no-nsg", ClosedKey));
        Assert.Equal("Healthy", await StatusAsync(sim, ProtectedVm, JitKey));
        Assert.Equal("Healthy", await StatusAsync(sim, OfficeVm, ClosedKey));
        var control = await ControlAsync(sim);
        Assert.Equal(2, control.Healthy);
        Assert.Equal(2, control.Unhealthy);
        Assert.Equal(4.0, control.Current);
    }

    [Fact]
    public async Task Assessments_ClassicAndScaleSetVms_AreNotApplicableForJit()
    {
        var estate = SampleEstate();
        var nic = $"{SampleRg}/providers/Microsoft.Network/networkInterfaces/vm-web-ssh-open-nic";
        var scaleSet = new JsonObject
        {
            ["id"] = $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-flex-1",
            ["type"] = "Microsoft.Compute/virtualMachines",
            ["location"] = "westeurope",
            ["properties"] = new JsonObject
            {
                ["virtualMachineScaleSet"] = new JsonObject { ["id"] = $"{SampleRg}/providers/Microsoft.Compute/virtualMachineScaleSets/flex" },
                ["networkProfile"] = new JsonObject { ["networkInterfaces"] = new JsonArray(new JsonObject { ["id"] = nic }) },
            },
        };
        var classic = new JsonObject
        {
            ["id"] = $"{SampleRg}/providers/Microsoft.ClassicCompute/virtualMachines/vm-classic",
            ["type"] = "Microsoft.ClassicCompute/virtualMachines",
            ["location"] = "westeurope",
            ["properties"] = new JsonObject(),
        };
        estate["resources"]!.AsArray().Add(scaleSet);
        estate["resources"]!.AsArray().Add(classic);
        await using var sim = await StartAsync(estate);
        var flex = await sim.GetOkAsync($"{scaleSet["id"]}/providers/Microsoft.Security/assessments/{JitKey}?{Api}");
        Assert.Equal("NotApplicable", (string?)flex["properties"]!["status"]!["code"]);
        // It shares the open NIC, so "closed" is Unhealthy.
        Assert.Equal("Unhealthy", await StatusAsync(sim, (string)scaleSet["id"]!, ClosedKey));
        Assert.Equal("NotApplicable", await StatusAsync(sim, (string)classic["id"]!, JitKey));
        var list = await sim.GetOkAsync($"/subscriptions/{SampleSub}/providers/Microsoft.Security/assessments?{Api}");
        Assert.Equal(12, list["value"]!.AsArray().Count);
        var (status, _, _) = await sim.SendAsync(HttpMethod.Put, $"{Policy}?{Api}", PolicyBody(VmEntry((string)classic["id"]!, 22)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    private static async Task<string?> StatusAsync(SimFixture sim, string vmId, string key)
        => (string?)(await sim.GetOkAsync($"{vmId}/providers/Microsoft.Security/assessments/{key}?{Api}"))["properties"]!["status"]!["code"];

    private static async Task<(double Current, int Healthy, int Unhealthy)> ControlAsync(SimFixture sim)
    {
        var controls = await sim.GetOkAsync($"/subscriptions/{SampleSub}/providers/Microsoft.Security/secureScores/ascScore/secureScoreControls?{Api}&$expand=definition");
        var control = controls["value"]!.AsArray().Single(c => c!["properties"]!["definition"]!["properties"]!["assessmentDefinitions"]!.AsArray()
            .Any(a => ((string)a!["id"]!).EndsWith(JitKey, StringComparison.Ordinal)))!["properties"]!;
        Assert.Equal(8, (int)control["score"]!["max"]!);
        return ((double)control["score"]!["current"]!, (int)control["healthyResourceCount"]!, (int)control["unhealthyResourceCount"]!);
    }
}

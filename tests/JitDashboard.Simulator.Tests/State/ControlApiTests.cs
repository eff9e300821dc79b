using JitDashboard.Simulator.Tests;
using JitDashboard.Simulator.Tests.Arm;
using JitDashboard.Simulator.Tests.Defender;
using JitDashboard.Simulator.Tests.Estate;
using JitDashboard.Simulator.Tests.Sdk;
using System.Net;
using System.Text.Json.Nodes;
using static JitDashboard.Simulator.Tests.SimFixture;

namespace JitDashboard.Simulator.Tests.State;

public sealed class ControlApiTests
{
    [Fact]
    public async Task Clock_Advance_MovesSimulatedTime()
    {
        await using var sim = await StartAsync();
        var before = DateTimeOffset.Parse((string)(await sim.GetOkAsync("/_simulator/clock"))["now"]!, System.Globalization.CultureInfo.InvariantCulture);
        var after = DateTimeOffset.Parse((string)(await sim.SendOkAsync(HttpMethod.Post, "/_simulator/clock/advance", new JsonObject { ["minutes"] = 90 }))["now"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(after - before, TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(91));
        Assert.Equal(HttpStatusCode.BadRequest, (await sim.SendAsync(HttpMethod.Post, "/_simulator/clock/advance", new JsonObject { ["minutes"] = -5 })).Status);
    }

    [Fact]
    public async Task Estate_PutThenGet_RoundTrips_IncludingPoliciesAndJitRules()
    {
        await using var sim = await StartAsync();
        var policy = $"{SampleRg}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/web";
        await sim.SendOkAsync(HttpMethod.Put, $"{policy}?api-version=2020-01-01", new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["virtualMachines"] = new JsonArray(new JsonObject
                {
                    ["id"] = $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-web-ssh-open",
                    ["ports"] = new JsonArray(new JsonObject { ["number"] = 22, ["protocol"] = "*", ["allowedSourceAddressPrefix"] = "*", ["maxRequestAccessDuration"] = "PT1H" }),
                }),
            },
        });
        var dumped = await sim.GetOkAsync("/_simulator/estate");

        await using var other = await StartAsync(ManyEmpty());
        var summary = await other.SendOkAsync(HttpMethod.Put, "/_simulator/estate", dumped);
        Assert.Equal(dumped["resources"]!.AsArray().Count, (int)summary["resources"]!);
        var again = await other.GetOkAsync("/_simulator/estate");
        Assert.Equal(Ids(dumped), Ids(again));
        Assert.True(JsonNode.DeepEquals(dumped, again), "the dump of a loaded dump is identical");
        var rules = await other.GetOkAsync($"{SampleRg}/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-web-ssh-open-nic/securityRules?api-version=2024-05-01");
        Assert.Contains(rules["value"]!.AsArray(), r => ((string)r!["name"]!).StartsWith("SecurityCenter-JITRule_", StringComparison.Ordinal));
        await other.GetOkAsync($"{policy}?api-version=2020-01-01");
    }

    [Fact]
    public async Task Estate_Invalid_Is400AndKeepsTheState()
    {
        await using var sim = await StartAsync();
        var (status, body, _) = await sim.SendAsync(HttpMethod.Put, "/_simulator/estate", new JsonObject { ["subscriptions"] = new JsonArray() });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("resources", (string?)body!["error"]!["message"], StringComparison.Ordinal);
        (status, _, _) = await sim.SendAsync(HttpMethod.Put, "/_simulator/estate", new JsonObject
        {
            ["subscriptions"] = new JsonArray(),
            ["resources"] = new JsonArray(new JsonObject { ["id"] = "not-an-id", ["type"] = "x" }),
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        await sim.GetOkAsync($"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-web-ssh-open?api-version=2024-03-01");
    }

    [Fact]
    public async Task Requests_LogsArmCallsOnly_AndClears()
    {
        await using var sim = await StartAsync();
        await sim.GetOkAsync($"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?api-version=2024-03-01");
        await sim.SendAsync(HttpMethod.Get, "/subscriptions?api-version=1999-01-01");
        var log = (await sim.GetOkAsync("/_simulator/requests"))["items"]!.AsArray();
        Assert.Equal(2, log.Count);
        Assert.Equal("GET", (string?)log[0]!["method"]);
        Assert.Equal($"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines", (string?)log[0]!["path"]);
        Assert.Equal("2024-03-01", (string?)log[0]!["apiVersion"]);
        Assert.Equal(200, (int)log[0]!["status"]!);
        Assert.Equal(400, (int)log[1]!["status"]!);
        await sim.SendOkAsync(HttpMethod.Delete, "/_simulator/requests", null);
        Assert.Empty((await sim.GetOkAsync("/_simulator/requests"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Latency_IsAddedToArmAnswers()
    {
        await using var sim = await StartAsync();
        await sim.SendOkAsync(HttpMethod.Put, "/_simulator/latency", new JsonObject { ["milliseconds"] = 300 });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await sim.GetOkAsync("/subscriptions?api-version=2022-12-01");
        Assert.True(watch.ElapsedMilliseconds >= 280, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task CertificateOut_WritesThePemServed()
    {
        var pem = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}.pem");
        try
        {
            await using var sim = await StartAsync(configure: o => o.CertificateOut = pem);
            using var loaded = JitDashboard.Simulator.SimulatorHost.LoadCertificatePem(pem);
            Assert.Equal(sim.Host.Certificate.RawData, loaded.RawData);
            using var client = new HttpClient(JitDashboard.Simulator.SimulatorHost.CreateTrustingHandler(loaded)) { BaseAddress = sim.Host.BaseUri };
            using var response = await client.GetAsync("/_simulator/clock");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            File.Delete(pem);
        }
    }

    private static List<string> Ids(JsonNode estate) => estate["resources"]!.AsArray().Select(r => ((string)r!["id"]!).ToLowerInvariant()).Order().ToList();

    private static JsonObject ManyEmpty() => new()
    {
        ["subscriptions"] = new JsonArray(new JsonObject { ["subscriptionId"] = Guid.NewGuid().ToString(), ["displayName"] = "Empty" }),
        ["resources"] = new JsonArray(),
    };
}

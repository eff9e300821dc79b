using System.Net;
using System.Text.Json;
using JitDashboard.IntegrationTests.Platform.Identity;
using JitDashboard.Platform.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Machines;

/// <summary>
/// Issue 17 end to end: the demo estate's other doors (load balancers, firewalls, ASGs, AzureCloud, AVNM admin rules)
/// as the API reports them, and Verify with Azure against the simulator's effective NSGs and IP flow verify.
/// </summary>
public sealed class ExposurePathsApiTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private async Task<JsonElement> MachineAsync(string name)
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var machine = snapshot.Machines.Single(m => m.Name == name);
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));
        var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Get, $"/api/v1/machines/{machine.SubscriptionId}/{machine.ResourceGroup}/{name}", token);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    private static JsonElement Port(JsonElement machine, int port) =>
        machine.GetProperty("ports").EnumerateArray().Single(p => p.GetProperty("port").GetInt32() == port);

    private static List<string?> Via(JsonElement port) => port.GetProperty("via").EnumerateArray().Select(v => v.GetString()).ToList();

    [Theory]
    [InlineData("vm-edge-nat-01", 22, "Open", "LoadBalancerNat", true)]
    [InlineData("vm-edge-web-01", 3389, "Open", "LoadBalancerRule", true)]
    [InlineData("vm-edge-fw-01", 22, "Open", "FirewallDnat", true)]
    [InlineData("vm-edge-fw-02", 3389, "Restricted", "FirewallDnat", false)]
    [InlineData("vm-edge-fwjit-01", 22, "Closed", null, false)]
    [InlineData("vm-edge-fwp-01", 22, "Open", "FirewallDnat", true)]
    [InlineData("vm-edge-asg-01", 22, "Open", "PublicIp", false)]
    [InlineData("vm-edge-asg-02", 22, "Closed", null, false)]
    [InlineData("vm-edge-asgsrc-01", 22, "Closed", null, false)]
    [InlineData("vm-edge-azurecloud-01", 3389, "Open", "PublicIp", true)]
    [InlineData("vm-mgr-ssh-01", 22, "Open", "PublicIp", true)]
    [InlineData("vm-mgr-rdp-01", 3389, "Closed", null, false)]
    public async Task EveryDoor_IsReported_WithItsKind_AndWhetherDefenderMissesIt(string vm, int number, string exposure, string? via, bool missed)
    {
        var port = Port(await MachineAsync(vm), number);

        Assert.Equal(exposure, port.GetProperty("exposure").GetString());
        Assert.Equal(via is null ? [] : [via], Via(port));
        Assert.Equal(missed, port.GetProperty("missedByDefender").GetBoolean());
        // Each path has its hops in order, and exactly one decided.
        foreach (var path in port.GetProperty("paths").EnumerateArray())
        {
            var hops = path.GetProperty("hops").EnumerateArray().ToList();
            Assert.Equal("Door", hops[0].GetProperty("kind").GetString());
            Assert.Single(hops, h => h.GetProperty("decisive").GetBoolean());
        }
    }

    [Theory]
    [InlineData("vm-edge-fwp-01", 22, "Firewall Manager policy")]
    [InlineData("vm-mgr-ssh-01", 22, "AlwaysAllow")]
    public async Task JitCannotProtect_IsSaidWhereSo(string vm, int number, string why)
    {
        var port = Port(await MachineAsync(vm), number);

        var path = port.GetProperty("paths").EnumerateArray().Single(p => p.GetProperty("exposure").GetString() == "Open");
        Assert.Contains(why, path.GetProperty("jitCannotProtect").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminDeny_DecidesOverAnNsgAllow()
    {
        var port = Port(await MachineAsync("vm-mgr-rdp-01"), 3389);

        var hops = port.GetProperty("paths")[0].GetProperty("hops").EnumerateArray().ToList();
        var decisive = hops.Single(h => h.GetProperty("decisive").GetBoolean());
        Assert.Equal("AdminRule", decisive.GetProperty("kind").GetString());
        Assert.Equal("Deny", decisive.GetProperty("access").GetString());
        Assert.Contains(hops, h => h.GetProperty("kind").GetString() == "NsgRule" && h.GetProperty("access").GetString() == "Allow");
    }

    [Fact]
    public async Task List_FiltersMissedByDefender()
    {
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));

        var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/machines?missedByDefender=true", token);

        Assert.Equal(HttpStatusCode.OK, status);
        var names = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Contains("vm-edge-nat-01", names);
        Assert.Contains("vm-edge-fw-01", names);
        Assert.DoesNotContain("vm-edge-fw-02", names);
        Assert.All(body.GetProperty("items").EnumerateArray(), i => Assert.Contains(i.GetProperty("ports").EnumerateArray(), p => p.GetProperty("missedByDefender").GetBoolean()));
    }

    [Fact]
    public async Task Verify_AsOperator_PutsAzuresAnswerBesideOurs_AndIsAudited()
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var machine = snapshot.Machines.Single(m => m.Name == "vm-mgr-rdp-01");
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("alice"));

        var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Post, $"/api/v1/machines/{machine.SubscriptionId}/{machine.ResourceGroup}/{machine.Name}/verify", token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.EndsWith("NetworkWatcher_westeurope", body.GetProperty("networkWatcher").GetString(), StringComparison.Ordinal);
        var nsgs = body.GetProperty("networkInterfaces")[0].GetProperty("effectiveNetworkSecurityGroups").EnumerateArray().ToList();
        Assert.NotEmpty(nsgs);
        var ports = body.GetProperty("ports").EnumerateArray().ToList();
        Assert.Equal([22, 3389, 5985, 5986], ports.Select(p => p.GetProperty("port").GetInt32()));
        Assert.All(ports, p => Assert.True(p.GetProperty("agrees").GetBoolean(), p.ToString()));
        // Admin rules decide both: AlwaysAllow on 22, Deny on 3389 over the NSG's allow.
        Assert.Equal("Allow", ports[0].GetProperty("azure").GetString());
        Assert.Equal("Deny", ports[1].GetProperty("azure").GetString());
        Assert.Equal(0, body.GetProperty("disagreements").GetInt32());

        var audit = await fixture.Host.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Action = AuditActions.MachineVerified, PageSize = 50 });
        Assert.Contains(audit.Events, e => e.Target == machine.Id && e.Actor == "alice@contoso.test");
    }

    [Fact]
    public async Task Verify_WithoutNetworkWatcherInTheRegion_SaysSoClearly()
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var machine = snapshot.Machines.First(m => m.Location == "uksouth" && m.Facts.NetworkInputs.Count > 0);
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("alice"));

        var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Post, $"/api/v1/machines/{machine.SubscriptionId}/{machine.ResourceGroup}/{machine.Name}/verify", token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("networkWatcher").ValueKind);
        Assert.Contains("no Network Watcher in region 'uksouth'", body.GetProperty("networkWatcherProblem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AsReader_IsForbidden()
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var machine = snapshot.Machines.Single(m => m.Name == "vm-edge-nat-01");
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));

        var (status, _, _) = await fixture.Host.ApiAsync(HttpMethod.Post, $"/api/v1/machines/{machine.SubscriptionId}/{machine.ResourceGroup}/{machine.Name}/verify", token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }
}

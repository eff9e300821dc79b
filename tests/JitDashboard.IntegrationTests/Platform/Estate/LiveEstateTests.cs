using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.DevHost;
using JitDashboard.Features.Automation;
using JitDashboard.IntegrationTests.Features.Automation;
using JitDashboard.IntegrationTests.Platform.Identity;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Identity;
using JitDashboard.Simulator.EventGrid;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Platform.Estate;

/// <summary>Issue 16: the estate follows Azure's change feed (the simulator's Event Grid) instead of re-reading everything.</summary>
public sealed class LiveEstateTests : IDisposable
{
    private const string Secret = "test-only-events-secret-0123456789";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-live-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment.
        }
    }

    private static StringContent Json(string json, string contentType = "application/json") => new(json, Encoding.UTF8, contentType);

    private static string WriteEvent(string id, string resourceUri) => $$$"""
        [{"id":"{{{id}}}","topic":"/subscriptions/x","subject":"{{{resourceUri}}}","eventType":"Microsoft.Resources.ResourceWriteSuccess",
          "eventTime":"2026-12-04T08:00:00Z","dataVersion":"2","metadataVersion":"1",
          "data":{"resourceUri":"{{{resourceUri}}}","operationName":"Microsoft.Network/networkSecurityGroups/write","status":"Succeeded"}}]
        """;

    [Fact]
    public async Task EventsEndpoint_RefusesUnauthenticatedAndWrongRole_AcceptsTokenWithRoleOrSecret_AnswersBothHandshakes_AppliesARepeatOnce()
    {
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = _data,
            ["Events:Secret"] = Secret,
            ["Events:MaxEvents"] = "3",
        });
        using var client = host.CreateClient();
        const string Path = "api/v1/events/azure";
        var handshake = """[{"id":"1","topic":"t","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-12-04T08:00:00Z","dataVersion":"2","metadataVersion":"1","data":{"validationCode":"abc-123"}}]""";

        // Nobody: 401. A person, even Admin: 403 (only Event Grid's role delivers). A wrong secret: 401.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync(Path, Json(handshake))).StatusCode);
        using (var admin = new HttpRequestMessage(HttpMethod.Post, Path) { Content = Json(handshake) })
        {
            admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await host.TokenAsync(AuthTestSupport.Person("alice")));
            Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(admin)).StatusCode);
        }
        using (var noRole = new HttpRequestMessage(HttpMethod.Post, Path) { Content = Json(handshake) })
        {
            // An app token without any role: Microsoft.Identity.Web refuses it before the endpoint (no roles, no scp).
            noRole.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Identity().CreateAppAccessToken(EventGridSimulator.EventGridClientId, AzureAdSettings.DefaultAudience));
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(noRole)).StatusCode);
        }
        using (var otherRole = new HttpRequestMessage(HttpMethod.Post, Path) { Content = Json(handshake) })
        {
            otherRole.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Identity().CreateAppAccessToken(EventGridSimulator.EventGridClientId, AzureAdSettings.DefaultAudience, [Roles.Operator]));
            Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(otherRole)).StatusCode);
        }
        using (var wrong = new HttpRequestMessage(HttpMethod.Post, Path) { Content = Json(handshake) })
        {
            wrong.Headers.Add("X-JitDashboard-Events-Secret", "guess");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        }
        var eventGridToken = host.Identity().CreateAppAccessToken(EventGridSimulator.EventGridClientId, AzureAdSettings.DefaultAudience, [Roles.EventPublisher]);
        using var eventGrid = host.CreateClient();
        eventGrid.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", eventGridToken);

        // Event Grid schema handshake, with the token; and with the secret in the query (the documented fallback).
        var answered = await eventGrid.PostAsync(Path, Json(handshake));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("abc-123", (string?)JsonNode.Parse(await answered.Content.ReadAsStringAsync())!["validationResponse"]);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{Path}?code={Secret}", Json(handshake))).StatusCode);

        // CloudEvents 1.0 abuse-protection handshake.
        using (var options = new HttpRequestMessage(HttpMethod.Options, Path))
        {
            options.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
            options.Headers.Authorization = new AuthenticationHeaderValue("Bearer", eventGridToken);
            var allowed = await client.SendAsync(options);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal("eventgrid.azure.net", allowed.Headers.GetValues("WebHook-Allowed-Origin").Single());
        }
        using (var anonymousOptions = new HttpRequestMessage(HttpMethod.Options, Path))
        {
            anonymousOptions.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(anonymousOptions)).StatusCode);
        }

        // Bad bodies: 400; too many events or too large: 413, before any work.
        Assert.Equal(HttpStatusCode.BadRequest, (await eventGrid.PostAsync(Path, Json("{not json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await eventGrid.PostAsync(Path, Json("""[{"hello":"world"}]"""))).StatusCode);
        var four = "[" + string.Join(',', Enumerable.Range(0, 4).Select(i => WriteEvent($"e{i}", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n")[1..^1])) + "]";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await eventGrid.PostAsync(Path, Json(four))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await eventGrid.PostAsync(Path, Json(new string(' ', 2 * 1024 * 1024) + "[]"))).StatusCode);

        // The same event twice: taken once.
        var nsg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n/securityRules/r";
        var first = JsonNode.Parse(await (await eventGrid.PostAsync(Path, Json(WriteEvent("same-id", nsg)))).Content.ReadAsStringAsync())!;
        var again = JsonNode.Parse(await (await eventGrid.PostAsync(Path, Json(WriteEvent("same-id", nsg)))).Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)first["accepted"]!);
        Assert.Equal(0, (int)again["accepted"]!);
        Assert.Equal(1, (int)again["duplicates"]!);

        // CloudEvents 1.0 batch, Azure Resource Notifications type (the resource in data.resourceInfo).
        var cloud = """
            [{"specversion":"1.0","id":"ce-1","source":"/subscriptions/x","type":"Microsoft.ResourceNotifications.Resources.CreatedOrUpdated",
              "subject":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
              "time":"2026-12-04T08:00:00Z","datacontenttype":"application/json",
              "data":{"resourceInfo":{"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1","name":"vm1","type":"Microsoft.Compute/virtualMachines"},"apiVersion":"2024-07-01"}}]
            """;
        var cloudAnswer = await eventGrid.PostAsync(Path, Json(cloud, "application/cloudevents-batch+json"));
        Assert.Equal(HttpStatusCode.OK, cloudAnswer.StatusCode);
        Assert.Equal(1, (int)JsonNode.Parse(await cloudAnswer.Content.ReadAsStringAsync())!["accepted"]!);

        var status = host.Services.GetRequiredService<EstateRefreshCoordinator>().Status;
        Assert.NotNull(status.LastEventAt);
        Assert.True(status.EventsLastMinute >= 2);
    }

    [Fact]
    public async Task NsgRuleOpenedThroughArm_ReachesMachinesApi_WithoutAFullSweep_AndAutomationPutsJitBack()
    {
        await using var host = await AutomationHost.StartAsync(_data, new Dictionary<string, string?>
        {
            // A safety check too rare to be what reacts here.
            ["Automation:CheckInterval"] = "01:00:00",
        });
        var registration = host.Services.GetRequiredService<SimulatorEventsRegistration>();
        Assert.True(await registration.Registered.WaitAsync(TimeSpan.FromSeconds(60)), "the app registered with the simulator's Event Grid");
        var snapshot = await host.LoadedEstateAsync();
        var coordinator = host.Services.GetRequiredService<EstateRefreshCoordinator>();
        var sweptAt = coordinator.Status.LastSweepAt;

        // A running VM with a public IP, a NIC NSG and no subnet NSG, port 22 not open, not in a JIT policy.
        var target = snapshot.Machines.First(m => m.Facts.JitStatus == JitStatus.NotConfigured && !ScopeEvaluator.HasTag(m, "jit-exempt", "true")
            && m.Facts.Nics.Count == 1 && m.Facts.Nics[0] is { NicNsgId: not null, SubnetNsgId: null, PublicIpAddress: not null }
            && m.Facts.Ports.First(p => p.Port == 22).Exposure != PortExposure.Open);
        using var carol = await host.ApiAsync("carol");
        await host.CreateRuleAsync(carol, new
        {
            name = "Protect on change",
            enabled = true,
            mode = "Apply",
            scope = new { subscriptionIds = new[] { target.SubscriptionId } },
            triggers = new { exposure = true, assessment = false, webhook = false },
        });

        using var arm = await host.ArmAsync();
        var log = host.Host.EmbeddedSimulator!.RequestLog;
        // A full sweep lists every subscription's VMs; a targeted refresh reads VMs one by one (it may list NSGs or JIT
        // policies when it needs 20 or more of one subscription, as after automation's bulk apply).
        static bool VmList(JitDashboard.Simulator.Control.LoggedRequest r) => r.Method == "GET" && r.Path.EndsWith("/providers/Microsoft.Compute/virtualMachines", StringComparison.OrdinalIgnoreCase);
        var listsBefore = log.Snapshot().Count(VmList);
        var rule = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["protocol"] = "Tcp", ["access"] = "Allow", ["direction"] = "Inbound", ["priority"] = 150,
                ["sourceAddressPrefix"] = "*", ["sourcePortRange"] = "*", ["destinationAddressPrefix"] = "*", ["destinationPortRange"] = "22",
            },
        };
        var put = await arm.PutAsJsonAsync($"{target.Facts.Nics[0].NicNsgId!.TrimStart('/')}/securityRules/open-ssh-by-hand?api-version=2024-05-01", rule);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        // The API shows the port Open (or automation already closed the gap with JIT), from the event, not a sweep.
        var parts = target.Id.Trim('/').Split('/');
        var seen = await Eventually.WaitAsync(async () =>
        {
            var item = await carol.GetFromJsonAsync<JsonObject>($"api/v1/machines/{parts[1]}/{parts[3]}/{parts[7]}");
            var port22 = item!["ports"]!.AsArray().First(p => (int)p!["port"]! == 22)!;
            return ((string?)port22["exposure"], (string?)item["jitStatus"]);
        }, v => v.Item1 == "Open" || v.Item2 == "Configured", TimeSpan.FromSeconds(30), "port 22 Open in the API");
        Assert.True(seen.Item1 == "Open" || seen.Item2 == "Configured");

        // Automation reacted to the change: JIT is back on the VM (exposure trigger on the changed VM only).
        var run = await AutomationHost.UntilAsync(async () => (await host.RunsAsync()).FirstOrDefault(r => r.Trigger == AutomationTrigger.Exposure
            && r.Actions.Any(a => a.MachineId == target.Id && a.Kind == AutomationActionKind.Apply && a.Status == AutomationActionStatus.Succeeded)), "JIT applied by automation", 60);
        await Eventually.WaitAsync(() => host.Snapshot.Machines.First(m => m.Id == target.Id).Facts.JitStatus == JitStatus.Configured,
            TimeSpan.FromSeconds(30), "the VM Configured in the estate");

        // All of it without a full sweep: no VM list, the last sweep unchanged.
        var listsAfter = log.Snapshot().Count(VmList);
        Assert.Equal(listsBefore, listsAfter);
        Assert.Equal(sweptAt, coordinator.Status.LastSweepAt);
        var subscription = Assert.Single(host.Host.EmbeddedSimulator!.EventGrid.Subscriptions);
        Assert.True(subscription.Delivered > 0);
    }
}

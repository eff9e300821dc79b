using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Features.Automation;
using JitDashboard.Features.Posture;
using JitDashboard.IntegrationTests.Platform.Persistence;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Estate.Sharing;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Work;
using JitDashboard.Simulator;
using JitDashboard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>
/// Issue 18, "applied once" beyond the estate: two app hosts on one real PostgreSQL. The automation webhook's same
/// delivery to both starts one run; only the estate leader records posture points; the lease rows' start-up race
/// logs no database error.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoInstancesOnceTests(PostgresServerFixture server) : IAsyncLifetime
{
    private const string WebhookSecret = "test-only-webhook-secret-0123456789";
    private readonly SharedDatabase _shared = new(server);

    public Task InitializeAsync() => _shared.CreateAsync();

    public Task DisposeAsync() => _shared.DropAsync();

    private Dictionary<string, string?> Settings(SimulatorHost simulator, string name)
    {
        var settings = _shared.Settings(simulator, name);
        settings["Simulator:Events"] = "false";
        settings["Automation:WebhookSecret"] = WebhookSecret;
        // Every estate change is a posture point: a standby that recorded would show up at once.
        settings["Posture:SnapshotInterval"] = "00:00:00";
        settings["Estate:LeaseDuration"] = "00:00:03";
        return settings;
    }

    private static bool Leads(DashboardHost host) => host.Services.GetRequiredService<EstateLeadership>().IsLeader;

    private static PostureRecorder Recorder(DashboardHost host) => host.Services.GetServices<IHostedService>().OfType<PostureRecorder>().Single();

    private static long Version(DashboardHost host) => host.Services.GetRequiredService<SharedEstateVersion>().Current;

    // EF's own migrator logs its first look at the not-yet-created history table on an empty database (not a race,
    // not ours): left out. Everything else from EF or a duplicate key counts.
    private static IEnumerable<string> DatabaseErrors(ErrorLogCapture capture) =>
        capture.Errors.Where(e => (e.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || e.Contains("23505", StringComparison.Ordinal))
            && !e.Contains("__EFMigrationsHistory", StringComparison.Ordinal));

    [Fact]
    public async Task SameWebhookDeliveryToBoth_StartsOneRun_OnlyTheLeaderRecordsPosture_AndLeaseRacesLogNoError()
    {
        await using var simulator = await _shared.StartSimulatorAsync();
        var logs = new[] { new ErrorLogCapture(), new ErrorLogCapture() };
        // Started together: both race for the lease rows at once.
        var started = await Task.WhenAll(
            DashboardHost.StartAsync(Settings(simulator, "a"), "Production", s => { CountingEstateReads.Install(s); logs[0].Install(s); }),
            DashboardHost.StartAsync(Settings(simulator, "b"), "Production", s => { CountingEstateReads.Install(s); logs[1].Install(s); }));
        var hosts = started.ToList();
        try
        {
            await Task.WhenAll(hosts.Select(h => ((PostgresChangeBus)h.Services.GetRequiredService<IChangeBus>()).Listening));
            var holder = await Eventually.WaitAsync(() => Task.FromResult(hosts.FirstOrDefault(Leads)), h => h is not null, TimeSpan.FromSeconds(30), "one instance leads the estate");
            var standby = hosts.Single(h => !ReferenceEquals(h, holder));
            var loaded = await holder!.LoadedEstateAsync();
            await standby.LoadedEstateAsync();
            await Eventually.WaitAsync(() => Version(standby) >= Version(holder), TimeSpan.FromSeconds(30), "the standby shows the holder's estate");

            // Posture: the holder took its estate to record; the standby, which adopted the same estate, took none.
            await Eventually.WaitAsync(() => Recorder(holder).Queued > 0, TimeSpan.FromSeconds(30), "the holder records a posture point");
            Assert.Equal(0, Recorder(standby).Queued);

            // A webhook rule, and one Defender assessment delivered to both instances at once.
            using var carol = await SharedDatabase.ClientAsync(simulator, standby, "carol@contoso.test");
            var rule = await carol.PostAsJsonAsync("api/v1/automation/rules", new
            {
                name = "Webhook only",
                mode = "Apply",
                exclusions = new { tags = new Dictionary<string, string> { ["jit-exempt"] = "true" } },
                triggers = new { exposure = false, assessment = false, webhook = true },
                maxActionsPerRun = 5,
            });
            Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
            var target = loaded.Machines.First(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured && !ScopeEvaluator.HasTag(m, "jit-exempt", "true"));
            var assessment = $$$$"""
                {"id":"{{{{target.Id}}}}/providers/Microsoft.Security/assessments/805651bc-6ecd-4c73-9b55-97a19d0582d0","name":"805651bc-6ecd-4c73-9b55-97a19d0582d0",
                 "type":"Microsoft.Security/assessments","properties":{"resourceDetails":{"source":"Azure","id":"{{{{target.Id}}}}"},"status":{"code":"Unhealthy"}}}
                """;
            async Task<JsonObject> PostAsync(DashboardHost host)
            {
                using var client = host.CreateClient();
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/automation/webhook") { Content = new StringContent(assessment, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-JitDashboard-Webhook-Secret", WebhookSecret);
                using var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            }
            var answers = await Task.WhenAll(PostAsync(holder), PostAsync(standby));
            Assert.Equal(1, answers.Sum(a => a["runIds"]!.AsArray().Count));
            Assert.Single(answers, a => (bool)a["duplicate"]!);
            var runs = await holder.Services.GetRequiredService<AutomationRunQueries>().ListAsync(new AutomationRunFilter(null, AutomationTrigger.Webhook, null, null, null, 50), default);
            Assert.Single(runs);
            // A retry later (Event Grid, or the same Logic App run again) is a duplicate too.
            Assert.True((bool)(await PostAsync(standby))["duplicate"]!);

            // The webhook refreshed the estate: the standby follows and still records nothing.
            await Eventually.WaitAsync(() => Version(standby) >= Version(holder), TimeSpan.FromSeconds(30), "the standby follows the refresh");
            Assert.Equal(0, Recorder(standby).Queued);

            // Many instances racing for new lease rows: one wins each, and nobody's database logs an error.
            var factory = holder.Services.GetRequiredService<IDbContextFactory<JitDbContext>>();
            for (var n = 0; n < 10; n++)
            {
                var name = $"race-{n}";
                var won = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => new DatabaseLease(factory, TimeProvider.System, name, $"holder-{i}").TryAcquireAsync(TimeSpan.FromMinutes(1))));
                Assert.Single(won, w => w);
            }
            var errors = logs.SelectMany(DatabaseErrors).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
        }
    }
}

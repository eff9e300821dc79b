using System.Net.Http.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using JitDashboard.Simulator;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Faults;

/// <summary>
/// The app stopped in the middle of a bulk apply (some policies written, some not) and started again on the same
/// database and the same ARM (a standalone simulator that outlives both): the new process finishes the run, and
/// every VM ends applied. Complements Policies' PendingOperation_IsResumedByANewHostOnTheSameDatabase, which
/// restarts before the runner wrote anything.
/// </summary>
public sealed class RestartMidBulkRunTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-restart-" + Guid.NewGuid().ToString("N"));
    private readonly string _pem = Path.Combine(Path.GetTempPath(), $"jitsim-{Guid.NewGuid():N}.pem");

    public void Dispose()
    {
        File.Delete(_pem);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task StoppedMidRun_TheNextProcessFinishesIt_AndEveryVmIsApplied()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Generate = "vms=120,subscriptions=2,seed=7", CertificateOut = _pem });
        using var sim = new HttpClient(SimulatorHost.CreateTrustingHandler(simulator.Certificate)) { BaseAddress = simulator.BaseUri };
        var settings = new Dictionary<string, string?>
        {
            ["Simulator:Url"] = simulator.BaseUri.ToString(),
            ["Simulator:CertificateFile"] = _pem,
            ["Database:DataDirectory"] = _data,
            ["Policies:PollInterval"] = "00:00:00.200",
            ["Policies:MaxConcurrency"] = "1",
        };

        Guid id;
        List<string> machines;
        await using (var first = await DashboardHost.StartAsync(settings))
        {
            var snapshot = await first.LoadedEstateAsync();
            machines = snapshot.Machines.Where(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured && m.Name.Length + 7 <= 56)
                .Select(m => m.Id).ToList();
            var policies = snapshot.Machines.Where(m => machines.Contains(m.Id)).Select(m => PolicyPlanner.KeyFor(m).Id).Distinct().Count();
            Assert.True(policies >= 3, $"The estate needs VMs in several policies ({policies}).");

            // Slow policy writes, so the stop lands mid-run.
            (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "PUT", pathContains = "jitNetworkAccessPolicies", delayMilliseconds = 700, count = 1000 })).EnsureSuccessStatusCode();
            var operations = first.Services.GetRequiredService<IJitOperationService>();
            id = (await operations.StartAsync(JitOperationKind.Apply, machines, null, "alice@contoso.test")).OperationId!.Value;

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await foreach (var view in operations.WatchAsync(id, cts.Token))
            {
                Assert.False(view.IsFinished, "The run finished before the stop; slow it down further.");
                if (view.Succeeded >= 1)
                    break;
            }
        }

        var writtenBefore = simulator.RequestLog.Snapshot().Count(r => r.Method == "PUT" && r.Path.Contains("jitNetworkAccessPolicies", StringComparison.OrdinalIgnoreCase));
        (await sim.DeleteAsync("/_simulator/faults")).EnsureSuccessStatusCode();

        await using var second = await DashboardHost.StartAsync(settings);
        var service = second.Services.GetRequiredService<IJitOperationService>();
        JitOperationView? done = null;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            await foreach (var view in service.WatchAsync(id, cts.Token))
            {
                done = view;
                if (view.IsFinished)
                    break;
            }
        }

        Assert.NotNull(done);
        Assert.Equal(JitOperationStatus.Succeeded, done!.Status);
        Assert.Equal(machines.Count, done.Succeeded);
        Assert.Equal(0, done.Failed);
        Assert.True(writtenBefore >= 1, "The first process wrote something before it stopped.");

        // Every VM is in its policy on the ARM that outlived both processes.
        var snapshotAfter = await second.LoadedEstateAsync();
        Assert.All(machines, m => Assert.Equal(JitStatus.Configured, snapshotAfter.Machines.Single(x => x.Id == m).Facts.JitStatus));
    }
}

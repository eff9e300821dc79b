using System.Diagnostics;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Policies;

/// <summary>
/// Issue 18: the Machines page shows JIT as soon as the operation reports every VM, from the policies ARM answered the
/// writes with, not after the refresh that reads them and the NSGs back.
/// </summary>
public sealed class WrittenPoliciesShownTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-written-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned eventually.
        }
    }

    [Fact]
    public async Task Apply_EstateShowsConfigured_BeforeTheRefreshReadsAnythingBack()
    {
        // The app's activities exist only while someone listens.
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == JitDashboard.Platform.Telemetry.DashboardTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        // No Event Grid deliveries: on a loaded machine the events of the run's own writes could be read back (after
        // their debounce) before the run reports; this test is about what the run publishes, not the live path.
        await using var host = await PoliciesHost.StartAsync(_data, new Dictionary<string, string?> { ["Simulator:Events"] = "false" });
        var estate = host.Services.GetRequiredService<IEstateService>();
        var selected = JitOperationsAgainstSimulatorTests.Candidates(await host.LoadedEstateAsync()).Take(6).ToList();
        Assert.True(selected.Count >= 3);
        var ids = selected.Select(m => m.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);

        // The activity under way when a snapshot first shows every selected VM configured: the estate raises Changed
        // on the thread that publishes, so it names who published it.
        var shown = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(EstateSnapshot s)
        {
            var configured = s.Machines.Count(m => ids.Contains(m.Id) && m.Facts.JitStatus == JitStatus.Configured);
            if (configured == ids.Count)
                shown.TrySetResult(Activity.Current?.OperationName);
        }
        estate.Changed += OnChanged;
        try
        {
            var start = await host.Operations.StartAsync(JitOperationKind.Apply, [.. ids], null, "alice@contoso.test");
            var done = await host.WaitAsync(start.OperationId!.Value);
            Assert.Equal(JitOperationStatus.Succeeded, done.Status);

            // Published by the run itself from the PUT answers, not within its refresh (nor a sweep).
            Assert.Equal("jit.run", await shown.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            estate.Changed -= OnChanged;
        }
        Assert.All(selected, m => Assert.Equal(JitStatus.Configured, estate.Snapshot.Machines.Single(x => x.Id == m.Id).Facts.JitStatus));
    }
}

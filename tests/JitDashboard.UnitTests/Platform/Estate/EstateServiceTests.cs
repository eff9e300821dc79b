using JitDashboard.UnitTests.Features.Machines;
using System.Runtime.CompilerServices;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JitDashboard.UnitTests.Platform.Estate;

/// <summary>The estate service over a hand-written inventory source (the page tests fake the service itself).</summary>
public class EstateServiceTests
{
    private sealed class FakeSubscriptions(params SubscriptionInfo[] subscriptions) : ISubscriptionsClient
    {
        public async IAsyncEnumerable<SubscriptionInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var s in subscriptions)
            {
                await Task.Yield();
                yield return s;
            }
        }
    }

    /// <summary>
    /// Serves each subscription's inventory from memory, recording how many loads overlap. No real time passes:
    /// <see cref="Gate"/> holds every load until the test opens it (so a load is surely in flight), and
    /// <see cref="HoldUntilOverlap"/> holds each load until that many are running at once (or every load has started),
    /// so that a bounded service deterministically reaches its bound.
    /// </summary>
    private sealed class FakeSource : IInventorySource
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource _overlap = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _active;
        private int _started;

        public Dictionary<string, List<VirtualMachineInfo>> Vms { get; } = [];

        public HashSet<string> Failing { get; } = [];

        public int MaxActive { get; private set; }

        public int ListCalls;

        /// <summary>Completed by default; a test that needs a load in flight sets an open gate and completes it later.</summary>
        public Task Gate { get; set; } = Task.CompletedTask;

        /// <summary>0: no hold. Otherwise each load waits until this many run at once, or all <see cref="Expected"/> have started.</summary>
        public int HoldUntilOverlap { get; set; }

        public int Expected { get; set; }

        public async Task<SubscriptionInventory> LoadAsync(SubscriptionInfo subscription, CancellationToken cancellationToken)
        {
            Task hold;
            lock (_lock)
            {
                ListCalls++;
                var active = ++_active;
                var started = ++_started;
                MaxActive = Math.Max(MaxActive, active);
                if (HoldUntilOverlap == 0)
                {
                    hold = Task.CompletedTask;
                }
                else if (active >= HoldUntilOverlap || started >= Expected)
                {
                    // This load makes the overlap (or is the last): release it and everyone waiting with it.
                    _overlap.TrySetResult();
                    _overlap = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    hold = Task.CompletedTask;
                }
                else
                {
                    hold = _overlap.Task;
                }
            }
            try
            {
                await Gate.WaitAsync(cancellationToken);
                await hold.WaitAsync(cancellationToken);
                // Always asynchronous, as ARM is.
                await Task.Yield();
                if (Failing.Contains(subscription.SubscriptionId))
                    throw new ArmRequestException(503, "ServiceUnavailable", "try later", "GET", "/subscriptions/" + subscription.SubscriptionId);
                var vms = (Vms.GetValueOrDefault(subscription.SubscriptionId) ?? [])
                    .Select(v => v with { PowerState = v.Name.EndsWith("-off", StringComparison.Ordinal) ? "deallocated" : "running" }).ToList();
                return new SubscriptionInventory(subscription, vms, [], [], [], [], [], [], [], []);
            }
            finally
            {
                lock (_lock)
                    _active--;
            }
        }
    }

    /// <summary>A limit only so that a broken build fails instead of hanging; no test waits for time to pass.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static string SubId(int i) => $"00000000-0000-0000-0000-{i:D12}";

    private static VirtualMachineInfo Vm(int sub, string name)
        => new($"/subscriptions/{SubId(sub)}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/{name}", name, SubId(sub), "rg", "westeurope", "Linux", "Standard_B2s", [], new Dictionary<string, string>());

    private static (EstateService Service, FakeSource Compute, FakeTimeProvider Time) Create(int subscriptions, int maxConcurrency = 2, params string[] filter)
    {
        var compute = new FakeSource();
        var subs = Enumerable.Range(1, subscriptions).Select(i => new SubscriptionInfo(SubId(i), $"Sub {i}", "Enabled")).ToArray();
        foreach (var s in Enumerable.Range(1, subscriptions))
            compute.Vms[SubId(s)] = [Vm(s, $"vm-{s}-a"), Vm(s, $"vm-{s}-off")];
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new ArmOptions { MaxConcurrency = maxConcurrency, SubscriptionIds = filter.ToList() });
        return (new EstateService(new FakeSubscriptions(subs), compute, options, Options.Create(new EstateOptions()), time, NullLogger<EstateService>.Instance), compute, time);
    }

    [Fact]
    public async Task Refresh_LoadsEveryMachineWithSubscriptionNameAndPowerState()
    {
        var (service, _, time) = Create(subscriptions: 3);

        await service.RefreshAsync();

        var snapshot = service.Snapshot;
        Assert.False(snapshot.IsLoading);
        Assert.Null(snapshot.Error);
        Assert.Equal(time.GetUtcNow(), snapshot.RefreshedAt);
        Assert.Equal(6, snapshot.Machines.Count);
        Assert.Equal(3, snapshot.Subscriptions.Count);
        var off = Assert.Single(snapshot.Machines, m => m.Name == "vm-2-off");
        Assert.Equal("Sub 2", off.SubscriptionName);
        Assert.Equal("deallocated", off.PowerState);
        Assert.Equal("running", Assert.Single(snapshot.Machines, m => m.Name == "vm-2-a").PowerState);
    }

    [Fact]
    public async Task Refresh_BoundsConcurrencyAcrossSubscriptions()
    {
        var (service, compute, _) = Create(subscriptions: 8, maxConcurrency: 2);
        // Each load waits for a second one to run beside it: a service bounded at 2 reaches exactly 2, never more.
        compute.HoldUntilOverlap = 2;
        compute.Expected = 8;

        await service.RefreshAsync().WaitAsync(Limit);

        Assert.Equal(8, compute.ListCalls);
        Assert.InRange(compute.MaxActive, 1, 2);
        Assert.Equal(2, compute.MaxActive);
    }

    [Fact]
    public async Task Refresh_OneFailingSubscription_KeepsTheOthersAndReportsIt()
    {
        var (service, compute, _) = Create(subscriptions: 3);
        compute.Failing.Add(SubId(2));

        await service.RefreshAsync();

        Assert.Equal(4, service.Snapshot.Machines.Count);
        Assert.DoesNotContain(service.Snapshot.Machines, m => m.SubscriptionId == SubId(2));
        Assert.Contains("Sub 2", service.Snapshot.Error, StringComparison.Ordinal);
        Assert.Contains("try later", service.Snapshot.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_SubscriptionFailingAfterAGoodLoad_KeepsItsMachines_MarkedStale()
    {
        var (service, compute, time) = Create(subscriptions: 3);
        await service.RefreshAsync();
        var loadedAt = time.GetUtcNow();
        time.Advance(TimeSpan.FromMinutes(5));
        compute.Failing.Add(SubId(2));

        await service.RefreshAsync();

        Assert.Equal(6, service.Snapshot.Machines.Count);
        var status = service.Snapshot.SubscriptionStatuses[SubId(2)];
        Assert.Equal(SubscriptionHealth.Degraded, status.Health);
        Assert.All(status.Problems, p => Assert.True(p.Stale));
        Assert.All(status.Problems, p => Assert.Equal(loadedAt, p.LastSuccessAt));
        Assert.Equal(SubscriptionHealth.Healthy, service.Snapshot.SubscriptionStatuses[SubId(1)].Health);
    }

    [Fact]
    public async Task Refresh_FirstLoadFailing_SubscriptionUnavailable_WithArmsCode()
    {
        var (service, compute, _) = Create(subscriptions: 2);
        compute.Failing.Add(SubId(1));

        await service.RefreshAsync();

        var status = service.Snapshot.SubscriptionStatuses[SubId(1)];
        Assert.Equal(SubscriptionHealth.Unavailable, status.Health);
        Assert.Equal("ServiceUnavailable", Assert.Single(status.Problems).ErrorCode);
        Assert.Equal(1, service.Snapshot.DegradedSubscriptionCount);
    }

    [Fact]
    public async Task Refresh_ConfiguredSubscriptionIds_LimitTheEstate()
    {
        var (service, compute, _) = Create(subscriptions: 3, maxConcurrency: 4, SubId(3));

        await service.RefreshAsync();

        Assert.Equal(1, compute.ListCalls);
        Assert.All(service.Snapshot.Machines, m => Assert.Equal(SubId(3), m.SubscriptionId));
    }

    [Fact]
    public async Task Refresh_RaisesChangedForLoadingThenLoaded()
    {
        var (service, _, _) = Create(subscriptions: 1);
        var seen = new List<EstateSnapshot>();
        service.Changed += seen.Add;

        await service.RefreshAsync();

        Assert.Equal([true, false], seen.Select(s => s.IsLoading).ToArray());
        Assert.Equal(2, seen[^1].Machines.Count);
    }

    [Fact]
    public async Task Refresh_ConcurrentCallers_ShareOneLoad()
    {
        var (service, compute, _) = Create(subscriptions: 2);
        // The loads wait at the gate, so the later callers surely arrive while the first load is in flight.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        compute.Gate = gate.Task;

        var all = Task.WhenAll(service.RefreshAsync(), service.RefreshAsync(), service.RefreshAsync());
        gate.SetResult();
        await all.WaitAsync(Limit);

        Assert.Equal(2, compute.ListCalls);
    }

    [Fact]
    public async Task RefreshAfterChange_DuringALoad_RunsOneMoreLoadAfterIt_SharedByEveryoneWhoAskedMeanwhile()
    {
        var (service, compute, _) = Create(subscriptions: 2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        compute.Gate = gate.Task;

        // A load is under way (it may have read ARM before the caller's change): the change-aware callers get the next one.
        var running = service.RefreshAsync();
        var all = Task.WhenAll(running, service.RefreshAfterChangeAsync(), service.RefreshAfterChangeAsync());
        gate.SetResult();
        await all.WaitAsync(Limit);

        Assert.Equal(4, compute.ListCalls);
    }

    [Fact]
    public async Task RefreshAfterChange_WithNothingInFlight_LoadsOnce()
    {
        var (service, compute, _) = Create(subscriptions: 2);

        await service.RefreshAfterChangeAsync();

        Assert.Equal(2, compute.ListCalls);
    }
}

using System.Runtime.CompilerServices;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Estate.Live;
using JitDashboard.Testing;
using JitDashboard.UnitTests.Platform.Estate.Inventory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JitDashboard.UnitTests.Platform.Estate.Live;

/// <summary>The refresh coordinator on a fake clock: debounce, coalescing, bounded concurrency, fall-backs to a sweep.</summary>
public sealed class EstateRefreshCoordinatorTests
{
    private const string Sub = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
    private static readonly string Nsg = $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-a";

    private static SubscriptionInventory Sample() =>
        EstateFile.Load(EstateFile.Read(RepoPaths.SharedFile("estates", "sample-estate.json")), Sub);

    /// <summary>Counts whole refreshes; holds one inventory so targeted reads can be applied.</summary>
    private sealed class Estate : IEstateService, IEstateUpdater
    {
        public int Sweeps;
        public List<ResourceRead> Applied { get; } = [];

        public EstateSnapshot Snapshot => EstateSnapshot.Initial;

        public event Action<EstateSnapshot>? Changed { add { } remove { } }

        public Task RefreshAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Sweeps);
            return Task.CompletedTask;
        }

        public SubscriptionInventory? InventoryOf(string subscriptionId) => subscriptionId == Sub ? Sample() : null;

        /// <summary>Whether a sweep is loading (reads are then replayed onto its result).</summary>
        public bool Sweeping { get; set; }

        public IReadOnlySet<string> Apply(IReadOnlyList<ResourceRead> reads)
        {
            lock (Applied) Applied.AddRange(reads);
            return reads.Select(r => r.Resource.Key).ToHashSet();
        }
    }

    private static (EstateRefreshCoordinator Coordinator, Estate Estate, FakeResourceReader Reader, FakeTimeProvider Time) Create(int concurrency = 4, int capacity = 100)
    {
        var estate = new Estate();
        var reader = new FakeResourceReader();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
        var options = new EstateOptions
        {
            EventDebounce = TimeSpan.FromMilliseconds(300),
            EventMaxDelay = TimeSpan.FromSeconds(2),
            TargetedConcurrency = concurrency,
            MaxPendingResources = capacity,
        };
        return (TestCoordinator.Create(estate, estate, reader, options, time), estate, reader, time);
    }

    [Fact]
    public async Task ABurstOnOneNsg_IsReadOnce_AfterTheDebounce_AndReportsItsVms()
    {
        var (coordinator, estate, reader, time) = Create();
        IReadOnlySet<string>? reported = null;
        coordinator.MachinesChanged += changed => reported = changed;

        // Three events: the NSG, one of its rules, the NSG again (a portal edit is several writes).
        coordinator.Notify([Nsg, Nsg + "/securityRules/allow-ssh", Nsg.ToUpperInvariant()], events: 3);
        time.Advance(TimeSpan.FromMilliseconds(200));
        coordinator.Notify([Nsg]);
        Assert.Equal(TimeSpan.FromMilliseconds(300), await coordinator.ProcessDueAsync(CancellationToken.None));
        Assert.Empty(reader.Reads);

        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Null(await coordinator.ProcessDueAsync(CancellationToken.None));
        var read = Assert.Single(reader.Reads);
        Assert.Equal(EstateResourceKind.NetworkSecurityGroup, read.Kind);
        Assert.Equal(Nsg.ToLowerInvariant(), read.Key);
        Assert.Equal([Nsg.ToLowerInvariant()], reported!);
        Assert.Equal(0, estate.Sweeps);
        Assert.Equal(4, coordinator.Status.EventsLastMinute);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, coordinator.Status.EventsLastMinute);
    }

    [Fact]
    public async Task AStreamOfEvents_StillGetsRead_AtTheMaxDelay()
    {
        var (coordinator, _, reader, time) = Create();
        for (var i = 0; i < 10; i++)
        {
            coordinator.Notify([Nsg]);
            await coordinator.ProcessDueAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(250));
        }
        // 2.5 s of events 250 ms apart: never quiet for the debounce, read once the 2 s cap passed.
        Assert.Single(reader.Reads);
    }

    [Fact]
    public async Task ManyNsgsOfOneSubscription_AreReadWithOneList_ThoseNotListedAreGone_AFewAreReadOneByOne()
    {
        var estate = new Estate();
        var reader = new ListingReader(listed: i => i != 7);
        var coordinator = TestCoordinator.Create(estate, estate, reader, new EstateOptions(), new FakeTimeProvider());
        var ids = Enumerable.Range(0, EstateRefreshCoordinator.ListThreshold + 5).Select(i => $"{Nsg}{i}").ToList();

        await coordinator.RefreshNowAsync(ids);

        Assert.Equal((1, 0), (reader.Lists, reader.Gets));
        Assert.Equal(ids, estate.Applied.Select(r => r.Resource.Id));
        Assert.True(estate.Applied.Single(r => r.Resource.Id == $"{Nsg}7").Gone);
        Assert.Equal(ids.Count - 1, estate.Applied.Count(r => !r.Gone));

        // Below the threshold a list would cost more than it saves.
        await coordinator.RefreshNowAsync(ids.Take(3));
        Assert.Equal((1, 3), (reader.Lists, reader.Gets));
    }

    /// <summary>Lists the NSGs nsg-a0..nsg-a59 of <see cref="Sub"/> (those <c>listed</c> keeps), and counts GETs and lists.</summary>
    private sealed class ListingReader(Func<int, bool> listed) : IResourceReader
    {
        public int Gets;
        public int Lists;

        public Task<ResourceRead> ReadAsync(EstateResource resource, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Gets);
            return Task.FromResult(new ResourceRead(resource, new NetworkSecurityGroup { Id = resource.Id }));
        }

        public Task<IReadOnlyList<ResourceRead>?> ListAsync(string subscriptionId, EstateResourceKind kind, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Lists);
            IReadOnlyList<ResourceRead> all = [.. Enumerable.Range(0, 60).Where(listed).Select(i => new ResourceRead(EstateResource.Parse($"{Nsg}{i}")!, new NetworkSecurityGroup { Id = $"{Nsg}{i}" }))];
            return Task.FromResult<IReadOnlyList<ResourceRead>?>(all);
        }
    }

    [Fact]
    public async Task ManyResources_AreCoalescedIntoOneApply_WithBoundedConcurrency()
    {
        var (coordinator, estate, _, time) = Create(concurrency: 2);
        var inFlight = 0;
        var max = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var twoInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new GatedReader(async () =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref max, now);
            if (now == 2)
                twoInFlight.TrySetResult();
            await gate.Task;
            Interlocked.Decrement(ref inFlight);
        });
        coordinator = TestCoordinator.Create(estate, estate, reader, new EstateOptions { TargetedConcurrency = 2, EventDebounce = TimeSpan.FromMilliseconds(300), EventMaxDelay = TimeSpan.FromSeconds(2) }, time);
        coordinator.Notify(Enumerable.Range(0, 10).Select(i => $"{Nsg}{i}"), events: 10);
        time.Advance(TimeSpan.FromSeconds(1));
        var pass = coordinator.ProcessDueAsync(CancellationToken.None);
        // The bound is reached (two reads held at once) before any finishes; then never passed.
        await twoInFlight.Task.WaitAsync(TimeSpan.FromSeconds(30));
        gate.SetResult();
        await pass.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(10, reader.Count);
        Assert.Equal(2, max);
        Assert.Equal(10, estate.Applied.Count);
    }

    [Fact]
    public async Task UnknownSubscriptions_AndAFullQueue_FallBackToOneSweep_ALoadBalancerIsReadItself()
    {
        var (coordinator, estate, reader, time) = Create(capacity: 2);
        // A load balancer (or one of its NAT rules) is re-read alone, like any other door.
        coordinator.Notify([$"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb/inboundNatRules/ssh"]);
        time.Advance(TimeSpan.FromSeconds(1));
        await coordinator.ProcessDueAsync(CancellationToken.None);
        Assert.Equal(0, estate.Sweeps);
        var lb = Assert.Single(reader.Reads);
        Assert.Equal(EstateResourceKind.LoadBalancer, lb.Kind);

        // A subscription the estate has not loaded: nothing to patch.
        coordinator.Notify([$"/subscriptions/{Guid.NewGuid()}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n"]);
        time.Advance(TimeSpan.FromSeconds(1));
        await coordinator.ProcessDueAsync(CancellationToken.None);
        Assert.Equal(1, estate.Sweeps);
        Assert.Single(reader.Reads);

        // Past the queue's capacity: the overflow asks for one sweep after the queued reads.
        coordinator.Notify([Nsg + "1", Nsg + "2", Nsg + "3", Nsg + "4"]);
        time.Advance(TimeSpan.FromSeconds(1));
        await coordinator.ProcessDueAsync(CancellationToken.None);
        Assert.Equal(3, reader.Reads.Count);
        Assert.Equal(2, estate.Sweeps);

        // Deployments, disks...: not the estate's business.
        coordinator.Notify([$"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Compute/disks/d1"]);
        time.Advance(TimeSpan.FromSeconds(1));
        await coordinator.ProcessDueAsync(CancellationToken.None);
        Assert.Equal(2, estate.Sweeps);
        Assert.Equal(3, reader.Reads.Count);
    }

    [Fact]
    public async Task DuringASweep_AnEventForASubscriptionNotLoadedYet_IsReadAndHandedOn_WithoutASecondSweep()
    {
        var (coordinator, estate, reader, time) = Create();
        var other = Guid.NewGuid().ToString();
        var nsg = $"/subscriptions/{other}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n";
        var policy = $"/subscriptions/{other}/resourceGroups/rg/providers/Microsoft.Security/locations/eastus/jitNetworkAccessPolicies/default";
        estate.Sweeping = true;

        coordinator.Notify([nsg, policy]);
        time.Advance(TimeSpan.FromSeconds(1));
        await coordinator.ProcessDueAsync(CancellationToken.None);

        // Both read and applied (the estate replays them onto the sweep's result); no sweep asked for.
        Assert.Equal(2, reader.Reads.Count);
        Assert.Equal(2, estate.Applied.Count);
        Assert.Equal(0, estate.Sweeps);

        // Once no sweep is on, the same event can only be brought by a sweep.
        estate.Sweeping = false;
        coordinator.Notify([nsg]);
        time.Advance(TimeSpan.FromSeconds(1));
        await coordinator.ProcessDueAsync(CancellationToken.None);
        Assert.Equal(2, reader.Reads.Count);
        Assert.Equal(1, estate.Sweeps);
    }

    [Fact]
    public void ALoadBalancer_ConcernsTheVmsBehindIt_AndItsFrontendAddress_AndIsPatchedIn()
    {
        var inventory = Sample();
        var vm = inventory.VirtualMachines.First(v => v.NicIds.Count > 0);
        var nicId = vm.NicIds[0];
        var lbId = $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb-edge";
        var pipId = $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip-lb-edge";
        var lb = System.Text.Json.JsonSerializer.Deserialize<LoadBalancer>($$"""
            { "id": "{{lbId}}", "properties": {
                "frontendIPConfigurations": [ { "id": "{{lbId}}/frontendIPConfigurations/fe", "properties": { "publicIPAddress": { "id": "{{pipId}}" } } } ],
                "inboundNatRules": [ { "id": "{{lbId}}/inboundNatRules/ssh", "properties": { "frontendPort": 50022, "backendPort": 22,
                    "backendIPConfiguration": { "id": "{{nicId}}/ipConfigurations/ipconfig1" } } } ] } }
            """, ArmJson.Options)!;

        // A load balancer the estate does not hold yet: the read adds it, and the VM behind its NAT rule is concerned.
        var read = new ResourceRead(new EstateResource(EstateResourceKind.LoadBalancer, Sub, lbId), lb);
        var patched = InventoryPatch.Apply(inventory, read);
        Assert.Contains(patched.LoadBalancers, l => l.Id == lbId);
        Assert.Contains(vm.Id, InventoryPatch.Affected(patched, read.Resource));
        Assert.DoesNotContain(vm.Id, InventoryPatch.Affected(inventory, read.Resource));
        // Its frontend's public IP concerns the same VM; a load balancer that is gone is removed.
        Assert.Contains(vm.Id, InventoryPatch.Affected(patched, new EstateResource(EstateResourceKind.PublicIpAddress, Sub, pipId)));
        Assert.DoesNotContain(InventoryPatch.Apply(patched, new ResourceRead(read.Resource, null)).LoadBalancers, l => l.Id == lbId);
    }

    [Fact]
    public async Task AJitPolicyChange_AlsoRereadsTheNsgsOfItsVms()
    {
        var (coordinator, _, reader, _) = Create();
        var inventory = Sample();
        var policy = inventory.JitPolicies.First(p => p.Properties.VirtualMachines.Count > 0);
        await coordinator.RefreshNowAsync([policy.Id! + "/initiate"]);
        Assert.Contains(reader.Reads, r => r.Kind == EstateResourceKind.JitPolicy);
        var expected = InventoryPatch.NsgsOf(inventory, policy.Properties.VirtualMachines.Select(v => v.Id));
        Assert.NotEmpty(expected);
        Assert.All(expected, nsg => Assert.Contains(reader.Reads, r => r.Kind == EstateResourceKind.NetworkSecurityGroup && string.Equals(r.Key, nsg, StringComparison.OrdinalIgnoreCase)));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class GatedReader(Func<Task> during) : IResourceReader
    {
        private int _count;

        public int Count => _count;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<ResourceRead> ReadAsync(EstateResource resource, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            Started.TrySetResult();
            await during();
            return new ResourceRead(resource, null);
        }
    }
}

/// <summary>The read model's targeted apply: only the VMs behind a changed NSG are re-evaluated and published.</summary>
public sealed class EstateServiceTargetedTests
{
    private const string Sub = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

    private sealed class OneSubscription : ISubscriptionsClient
    {
        public async IAsyncEnumerable<SubscriptionInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new SubscriptionInfo(Sub, "Sample", "Enabled");
        }
    }

    private sealed class SampleSource : IInventorySource
    {
        public Task<SubscriptionInventory> LoadAsync(SubscriptionInfo subscription, CancellationToken cancellationToken) =>
            Task.FromResult(EstateFile.Load(EstateFile.Read(RepoPaths.SharedFile("estates", "sample-estate.json")), Sub) with { Subscription = subscription });
    }

    [Fact]
    public async Task AnNsgRead_ReEvaluatesOnlyItsVms_AndPublishesOneSnapshot()
    {
        var service = new EstateService(new OneSubscription(), new SampleSource(), Options.Create(new ArmOptions()), Options.Create(new EstateOptions()),
            new FakeTimeProvider(), NullLogger<EstateService>.Instance);
        await service.RefreshAsync();
        var before = service.Snapshot;
        var inventory = service.InventoryOf(Sub)!;
        var target = before.Machines.First(m => m.Facts.Nics.Any(n => n.NicNsgId is not null) && m.Facts.Ports.Any(p => p.Port == 22 && p.Exposure != PortExposure.Open)
            && m.Facts.Nics.Any(n => n.PublicIpAddress is not null) && m.Facts.Nics.All(n => n.SubnetNsgId is null));
        var nsgId = target.Facts.Nics.First(n => n.NicNsgId is not null).NicNsgId!;
        var nsg = inventory.NetworkSecurityGroups.Single(n => string.Equals(n.Id, nsgId, StringComparison.OrdinalIgnoreCase));
        var opened = nsg with
        {
            Properties = nsg.Properties with
            {
                SecurityRules = [.. nsg.Properties.SecurityRules, new SecurityRule
                {
                    Name = "open-ssh",
                    Properties = new SecurityRuleProperties
                    {
                        Priority = 100, Access = "Allow", Direction = "Inbound", Protocol = "Tcp",
                        SourceAddressPrefix = "*", DestinationAddressPrefix = "*", DestinationPortRange = "22", SourcePortRange = "*",
                    },
                }],
            },
        };
        var published = 0;
        service.Changed += _ => published++;

        var changed = service.Apply([new ResourceRead(EstateResource.Parse(nsgId)!, opened)]);

        Assert.Contains(target.Id.ToLowerInvariant(), changed);
        Assert.Equal(1, published);
        var after = service.Snapshot;
        Assert.Equal(PortExposure.Open, after.Machines.Single(m => m.Id == target.Id).Facts.Ports.Single(p => p.Port == 22).Exposure);
        // Every VM not behind the NSG is the very same object: not re-evaluated.
        foreach (var m in before.Machines.Where(m => !changed.Contains(m.Id.ToLowerInvariant())))
            Assert.Same(m, after.Machines.Single(x => x.Id == m.Id));
        Assert.Equal(before.Machines.Select(m => m.Id), after.Machines.Select(m => m.Id));
        Assert.Equal(before.RefreshedAt, after.RefreshedAt);

        // The NSG gone: its VMs lose what it allowed.
        service.Apply([new ResourceRead(EstateResource.Parse(nsgId)!, null)]);
        Assert.DoesNotContain(service.InventoryOf(Sub)!.NetworkSecurityGroups, n => string.Equals(n.Id, nsgId, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/subscriptions/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n/securityRules/r", EstateResourceKind.NetworkSecurityGroup, 8)]
    [InlineData("/subscriptions/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s", EstateResourceKind.VirtualNetwork, 8)]
    [InlineData("/subscriptions/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/extensions/e", EstateResourceKind.VirtualMachine, 8)]
    [InlineData("/subscriptions/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default/initiate", EstateResourceKind.JitPolicy, 10)]
    [InlineData("/subscriptions/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg", EstateResourceKind.ResourceGroup, 4)]
    public void EventResources_FoldToTheResourceTheEstateHolds(string id, EstateResourceKind kind, int segments)
    {
        var resource = EstateResource.Parse(id)!;
        Assert.Equal(kind, resource.Kind);
        Assert.Equal(segments, resource.Id.Trim('/').Split('/').Length);
        Assert.Null(EstateResource.Parse("/subscriptions/not-a-guid/resourceGroups/rg"));
        Assert.Null(EstateResource.Parse("/providers/Microsoft.Network/networkSecurityGroups/x"));
    }
}

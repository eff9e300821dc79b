using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>
/// One list call per resource type per subscription (plus nextLink pages), all in flight together: the request
/// count grows with pages and subscriptions, never with VMs. Each list is loaded and judged on its own: one failing
/// call never costs the others (a subscription with ClassicCompute unregistered, as nearly all are, lists every VM).
/// </summary>
public sealed class ArmInventorySource(
    IComputeClient compute, ClassicComputeClient classic, NetworkClient network, SecurityClient security, TimeProvider time) : IInventorySource
{
    public Task<SubscriptionInventory> LoadAsync(SubscriptionInfo subscription, CancellationToken cancellationToken) =>
        LoadAsync(subscription, null, cancellationToken);

    public async Task<SubscriptionInventory> LoadAsync(SubscriptionInfo subscription, SubscriptionInventory? previous, CancellationToken cancellationToken)
    {
        var id = subscription.SubscriptionId;
        var now = time.GetUtcNow();
        // Every list below reads its ids through one table: each id the lists repeat is kept once.
        using var ids = IdScope.Begin();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<InventorySource, SourceStatus>();

        async Task<List<T>> Load<T>(InventorySource source, Func<IAsyncEnumerable<T>> list)
        {
            // Throttled with a Retry-After still running: asking again would only dig the hole deeper.
            if (previous?.Sources.GetValueOrDefault(source) is { RetryNotBefore: { } notBefore } last && notBefore > now)
            {
                statuses[source] = last with { State = SourceState.Failed };
                return [];
            }
            try
            {
                var items = new List<T>();
                await foreach (var item in list().WithCancellation(cancellationToken))
                    items.Add(item);
                statuses[source] = SourceStatus.Ok(source, time.GetUtcNow());
                return items;
            }
            catch (ArmRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                statuses[source] = StatusOf(source, ex.Failure, previous?.Sources.GetValueOrDefault(source)?.LastSuccessAt, time.GetUtcNow());
                return [];
            }
        }

        var vms = Load(InventorySource.VirtualMachines, () => compute.ListVirtualMachinesAsync(id, cancellationToken));
        var powerStates = Load(InventorySource.PowerStates, () => PowerStates(id, cancellationToken));
        var classicVms = Load(InventorySource.ClassicVirtualMachines, () => classic.ListVirtualMachinesAsync(id, cancellationToken));
        var nics = Load(InventorySource.NetworkInterfaces, () => network.ListNetworkInterfacesAsync(id, cancellationToken));
        var nsgs = Load(InventorySource.NetworkSecurityGroups, () => network.ListNetworkSecurityGroupsAsync(id, cancellationToken));
        var publicIps = Load(InventorySource.PublicIpAddresses, () => network.ListPublicIpAddressesAsync(id, cancellationToken));
        var vnets = Load(InventorySource.VirtualNetworks, () => network.ListVirtualNetworksAsync(id, cancellationToken));
        var policies = Load(InventorySource.JitPolicies, () => security.ListJitPoliciesAsync(id, cancellationToken));
        var assessments = Load(InventorySource.Assessments, () => security.ListAssessmentsAsync(id, cancellationToken));
        var controls = Load(InventorySource.SecureScoreControls, () => security.ListSecureScoreControlsAsync(id, expandDefinition: true, cancellationToken));
        var scores = Load(InventorySource.SecureScores, () => security.ListSecureScoresAsync(id, cancellationToken));
        var pricings = Load(InventorySource.DefenderPlans, () => security.ListPricingsAsync(id, cancellationToken));
        var loadBalancers = Load(InventorySource.LoadBalancers, () => network.ListLoadBalancersAsync(id, cancellationToken));
        var firewalls = Load(InventorySource.AzureFirewalls, () => network.ListAzureFirewallsAsync(id, cancellationToken));
        var ruleCollectionGroups = Load(InventorySource.FirewallPolicies, () => RuleCollectionGroups(id, cancellationToken));
        // Admin rules are a POST per VNet, so they wait for the VNet list.
        var adminRules = AdminRulesAsync(vnets, statuses, previous, now, cancellationToken);
        await Task.WhenAll(vms, powerStates, classicVms, nics, nsgs, publicIps, vnets, policies, assessments, controls, scores, pricings,
            loadBalancers, firewalls, ruleCollectionGroups, adminRules);

        var states = (await powerStates).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        var machines = (await vms).Select(vm => states.TryGetValue(vm.Id, out var state) ? vm with { PowerState = state } : vm)
            .Concat((await classicVms).Select(ToVirtualMachineInfo)).ToList();
        // Kept for the estate's lifetime: cut to what the evaluator and the event patches read.
        return new SubscriptionInventory(subscription, machines, await nics, (await nsgs).Select(InventoryCompaction.Compact).ToArray(),
            await publicIps, await vnets, await policies, InventoryCompaction.Compact(await assessments), await controls, await scores)
        {
            ClassicVirtualMachines = await classicVms,
            Pricings = await pricings,
            LoadBalancers = await loadBalancers,
            AzureFirewalls = await firewalls,
            FirewallRuleCollectionGroups = await ruleCollectionGroups,
            AdminRulesByVirtualNetwork = await adminRules,
            Sources = new Dictionary<InventorySource, SourceStatus>(statuses),
        };
    }

    /// <summary>Every rule collection group of every firewall policy of the subscription (one list per policy).</summary>
    private async IAsyncEnumerable<FirewallPolicyRuleCollectionGroup> RuleCollectionGroups(string subscriptionId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var policy in network.ListFirewallPoliciesAsync(subscriptionId, cancellationToken))
        {
            if (policy.Id is null) continue;
            await foreach (var group in network.ListRuleCollectionGroupsAsync(policy.Id, cancellationToken))
                yield return group;
        }
    }

    /// <summary>At most this many admin-rule POSTs in flight per subscription.</summary>
    private const int AdminRuleConcurrency = 4;

    /// <summary>
    /// The effective admin rules of each VNet (one POST each, bounded concurrency). A VNet whose POST fails is left out and
    /// the source marked Failed with that failure: the VMs on it get Unknown exposure; the others keep their verdicts.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<EffectiveSecurityAdminRule>>> AdminRulesAsync(
        Task<List<VirtualNetwork>> vnetsTask, System.Collections.Concurrent.ConcurrentDictionary<InventorySource, SourceStatus> statuses,
        SubscriptionInventory? previous, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const InventorySource source = InventorySource.NetworkManagerAdminRules;
        var vnets = await vnetsTask;
        var result = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<EffectiveSecurityAdminRule>>(StringComparer.OrdinalIgnoreCase);
        if (previous?.Sources.GetValueOrDefault(source) is { RetryNotBefore: { } notBefore } last && notBefore > now)
        {
            statuses[source] = last with { State = SourceState.Failed };
            return result;
        }
        ArmFailure? failure = null;
        await Parallel.ForEachAsync(vnets.Where(v => v.Id is not null), new ParallelOptions { MaxDegreeOfParallelism = AdminRuleConcurrency, CancellationToken = cancellationToken },
            async (vnet, ct) =>
            {
                try
                {
                    var rules = new List<EffectiveSecurityAdminRule>();
                    await foreach (var rule in network.ListEffectiveSecurityAdminRulesAsync(vnet.Id!, ct))
                        rules.Add(rule);
                    result[vnet.Id!.ToLowerInvariant()] = rules;
                }
                catch (ArmRequestException ex) when (!ct.IsCancellationRequested)
                {
                    failure ??= ex.Failure;
                }
            });
        statuses[source] = failure is null
            ? SourceStatus.Ok(source, time.GetUtcNow())
            : StatusOf(source, failure, previous?.Sources.GetValueOrDefault(source)?.LastSuccessAt, time.GetUtcNow());
        return result;
    }

    /// <summary>How a failed read counts. ClassicCompute is best effort (retired in 2023): any failure there means no classic VMs.</summary>
    public static SourceStatus StatusOf(InventorySource source, ArmFailure failure, DateTimeOffset? lastSuccessAt, DateTimeOffset now)
    {
        if (source == InventorySource.ClassicVirtualMachines && failure.Kind != ArmFailureKind.SubscriptionNotFound)
            return new SourceStatus(source, SourceState.NotRegistered, lastSuccessAt, failure);
        // An unregistered namespace holds no resources: the empty list is the truth, not a gap.
        if (failure.Kind == ArmFailureKind.NotRegistered)
            return new SourceStatus(source, SourceState.NotRegistered, lastSuccessAt, failure);
        return new SourceStatus(source, SourceState.Failed, lastSuccessAt, failure)
        {
            RetryNotBefore = failure.Kind == ArmFailureKind.Throttled && failure.RetryAfter is { } wait ? now + wait : null,
        };
    }

    private async IAsyncEnumerable<KeyValuePair<string, string>> PowerStates(string subscriptionId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var state in await compute.ListPowerStatesAsync(subscriptionId, cancellationToken))
            yield return state;
    }

    public static VirtualMachineInfo ToVirtualMachineInfo(ClassicVirtualMachine vm)
    {
        var segments = vm.Id.Split('/');
        var power = vm.Properties.InstanceView?.PowerState switch
        {
            "Started" => "running",
            "Stopped" => "deallocated",
            var other => other?.ToLowerInvariant(),
        };
        return new VirtualMachineInfo(vm.Id, vm.Name, segments.ElementAtOrDefault(2) ?? "", segments.ElementAtOrDefault(4) ?? "",
            vm.Location ?? "", vm.Properties.StorageProfile?.OperatingSystemDisk?.OsType, vm.Properties.HardwareProfile?.Size, [],
            vm.Tags ?? new Dictionary<string, string>(), PowerState: power);
    }
}

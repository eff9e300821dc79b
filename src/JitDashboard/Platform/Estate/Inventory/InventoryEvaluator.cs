using System.Net;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>
/// Joins what one refresh listed (VMs, NICs, subnets, NSGs, public IPs, JIT policies, assessments, controls) and
/// decides each VM's exposure, JIT status and secure-score impact. Pure: no I/O, so 10,000 VMs take milliseconds.
/// </summary>
public static class InventoryEvaluator
{
    public static SubscriptionEvaluation Evaluate(SubscriptionInventory inventory, IReadOnlyList<int> managementPorts) =>
        Evaluate(inventory, managementPorts, only: null, knownControl: null);

    /// <summary>
    /// As above for the VMs in <paramref name="only"/> (by id) when given: a targeted refresh re-evaluates the VMs a
    /// change concerns, and keeps the subscription's control as last computed (<paramref name="knownControl"/>).
    /// </summary>
    public static SubscriptionEvaluation Evaluate(SubscriptionInventory inventory, IReadOnlyList<int> managementPorts,
        IReadOnlySet<string>? only, ManagementPortsControl? knownControl)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var nsgs = inventory.NetworkSecurityGroups.Where(n => n.Id is not null)
            .ToDictionary(n => n.Id!, NsgInputOf, StringComparer.OrdinalIgnoreCase);
        var nics = inventory.NetworkInterfaces.Where(n => n.Id is not null).ToDictionary(n => n.Id!, StringComparer.OrdinalIgnoreCase);
        var publicIps = inventory.PublicIpAddresses.Where(p => p.Id is not null).ToDictionary(p => p.Id!, StringComparer.OrdinalIgnoreCase);
        var subnets = inventory.VirtualNetworks.SelectMany(v => v.Properties.Subnets).Where(s => s.Id is not null)
            .ToDictionary(s => s.Id!, StringComparer.OrdinalIgnoreCase);
        var policies = new Dictionary<string, (JitNetworkAccessPolicy Policy, JitVirtualMachine Vm)>(StringComparer.OrdinalIgnoreCase);
        foreach (var policy in inventory.JitPolicies)
        {
            foreach (var vm in policy.Properties.VirtualMachines)
            {
                policies.TryAdd(vm.Id, (policy, vm));
            }
        }
        // Keyed on the assessment GUID, never on the display name, which Microsoft has renamed before.
        var assessments = inventory.Assessments
            .Where(a => a.Properties.ResourceDetails?.Id is not null && a.Name is not null)
            .GroupBy(a => (a.Properties.ResourceDetails!.Id!.ToLowerInvariant(), a.Name!.ToLowerInvariant()))
            .ToDictionary(g => g.Key, g => g.First());

        var doors = DoorIndex.Build(inventory, publicIps);
        var classic = inventory.ClassicVirtualMachines.ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);
        var facts = new Dictionary<string, MachineFacts>(StringComparer.OrdinalIgnoreCase);
        // What could not be read makes the facts that need it Unknown: never a default that looks like an answer.
        var networkUnknown = inventory.UnreadableReason(InventorySource.NetworkInterfaces, InventorySource.NetworkSecurityGroups,
            InventorySource.VirtualNetworks, InventorySource.PublicIpAddresses);
        var policiesUnknown = inventory.UnreadableReason(InventorySource.JitPolicies);
        // Defender not registered: there are no assessments to read, which says nothing about the VMs' health.
        var defenderUnknown = inventory.UnreadableReason(InventorySource.Assessments)
            ?? (inventory.Sources.GetValueOrDefault(InventorySource.Assessments) is { State: SourceState.NotRegistered, Failure: { } f }
                ? $"Defender for Cloud is not set up in this subscription: {f.Describe()}" : null);
        var powerUnknown = inventory.UnreadableReason(InventorySource.PowerStates);
        var jitUnavailable = JitUnavailableReason(inventory);
        foreach (var vm in inventory.VirtualMachines)
        {
            if (only is not null && !only.Contains(vm.Id)) continue;
            var unknown = new Dictionary<string, string>(StringComparer.Ordinal);
            if (defenderUnknown is not null) unknown["recommendations"] = defenderUnknown;
            if (powerUnknown is not null && vm.PowerState is null) unknown["powerState"] = powerUnknown;
            if (classic.TryGetValue(vm.Id, out var classicVm))
            {
                facts[vm.Id] = ClassicFacts(classicVm, managementPorts) with
                {
                    JitRecommendation = StateOf(assessments, vm.Id, Assessment.JitKey),
                    ManagementPortsRecommendation = StateOf(assessments, vm.Id, Assessment.ManagementPortsClosedKey),
                    UnknownReasons = Reasons(unknown),
                };
                continue;
            }

            var nicInputs = new List<NicInput>();
            var views = new List<NicView>();
            foreach (var nicId in vm.NicIds)
            {
                if (!nics.TryGetValue(nicId, out var nic)) continue;
                var nicNsg = nic.Properties.NetworkSecurityGroup?.Id is { } nicNsgId && nsgs.TryGetValue(nicNsgId, out var n) ? n : null;
                var configurations = new List<IpConfigInput>();
                foreach (var ipConfiguration in nic.Properties.IpConfigurations)
                {
                    var properties = ipConfiguration.Properties;
                    var subnet = properties.Subnet?.Id is { } subnetId && subnets.TryGetValue(subnetId, out var s) ? s : null;
                    var subnetNsg = subnet?.Properties.NetworkSecurityGroup?.Id is { } subnetNsgId && nsgs.TryGetValue(subnetNsgId, out var sn) ? sn : null;
                    var publicIp = properties.PublicIPAddress?.Id is { } pipId && publicIps.TryGetValue(pipId, out var p) ? p : null;
                    // A public IP not yet allocated has no address but still makes the NIC Internet-facing.
                    var publicInput = publicIp is null ? null : new PublicIpInput(publicIp.Id!, publicIp.Properties.IpAddress, publicIp.Sku?.Name ?? "Basic");
                    var privateIp = IPAddress.TryParse(properties.PrivateIPAddress, out var ip) ? ip : null;
                    var (adminRules, adminUnknown) = doors.AdminRules(subnet?.Id ?? properties.Subnet?.Id);
                    configurations.Add(new IpConfigInput(ipConfiguration.Name ?? "", privateIp, publicInput, subnetNsg)
                    {
                        Asgs = properties.ApplicationSecurityGroups is { Count: > 0 } asgs ? asgs.Select(a => a.Id.ToLowerInvariant()).ToHashSet() : NoAsgs,
                        LoadBalancerDoors = doors.LoadBalancerDoors(ipConfiguration.Id, properties),
                        FirewallDoors = doors.FirewallDoors(properties.PrivateIPAddress),
                        AdminRules = adminRules,
                        AdminRulesUnknownReason = adminUnknown,
                        DoorsUnknownReason = doors.DoorsUnknownReason,
                    });
                    views.Add(new NicView(nic.Name ?? "", ipConfiguration.Name ?? "", properties.PrivateIPAddress, publicIp?.Properties.IpAddress,
                        publicIp?.Sku?.Name, subnet?.Name, subnetNsg?.Name, nicNsg?.Name)
                    {
                        SubnetId = subnet?.Id,
                        SubnetNsgId = subnetNsg?.Id,
                        NicNsgId = nicNsg?.Id,
                    });
                }
                nicInputs.Add(new NicInput(nic.Id!, nic.Name ?? "", nicNsg, configurations.ToArray()));
            }

            // The estate keeps each port's verdict without its paths: they are walked again from the network when asked.
            NicInput[] network = [.. nicInputs];
            var ports = networkUnknown is null
                ? ExposureEvaluator.Evaluate(network, managementPorts).Select(p => p.WithoutPaths(network)).ToArray()
                : managementPorts.Select(p => PortDecision.Unknown(p, networkUnknown)).ToArray();
            if (networkUnknown is not null) unknown["exposure"] = networkUnknown;
            // A door (load balancer, firewall) or the VNet's admin rules could not be read: say which.
            else if (ports.FirstOrDefault(p => p.Exposure == PortExposure.Unknown) is { } unknownPort) unknown["exposure"] = unknownPort.Reason;
            var hasNsg = nicInputs.Any(n => n.Nsg is not null || n.IpConfigurations.Any(c => c.SubnetNsg is not null));
            var inPolicy = policies.TryGetValue(vm.Id, out var entry);
            // Unread policies: Configured or not is not known. In a policy: Configured whatever the network. Not in one,
            // with the network unread: NotConfigured or Unsupported (no NSG) is not known.
            var (status, reason) = JitStatusOf(vm, hasNsg || (inPolicy && networkUnknown is not null), inPolicy);
            // Unsupported for a known reason (scale set, classic, no NSG on a network that was read) whatever the policies say.
            var structural = vm.ScaleSetId is not null || IsClassicId(vm.Id) || (networkUnknown is null && !hasNsg);
            if (!structural && policiesUnknown is not null)
                (status, reason, unknown["jitStatus"]) = (JitStatus.Unknown, null, policiesUnknown);
            else if (!structural && !inPolicy && networkUnknown is not null)
                (status, reason, unknown["jitStatus"]) = (JitStatus.Unknown, null, networkUnknown);
            // The shared empty array for a VM without requests (nearly all of them), not an empty List each.
            IReadOnlyList<JitRequestView> requests = [];
            if (inPolicy)
            {
                var made = (entry.Policy.Properties.Requests ?? [])
                    .SelectMany(r => r.VirtualMachines.Where(v => string.Equals(v.Id, vm.Id, StringComparison.OrdinalIgnoreCase))
                        .Select(v => new JitRequestView(r.StartTimeUtc, r.Requestor, r.Justification, v.Ports)))
                    .OrderByDescending(r => r.StartTimeUtc).Take(10).ToList();
                if (made.Count > 0) requests = made;
            }

            facts[vm.Id] = new MachineFacts(
                ports, views.ToArray(), status, reason,
                inPolicy ? entry.Policy.Id : null,
                inPolicy ? entry.Vm.Ports : [],
                requests,
                StateOf(assessments, vm.Id, Assessment.JitKey),
                StateOf(assessments, vm.Id, Assessment.ManagementPortsClosedKey),
                0)
            {
                JitDenyRules = JitDenyRulesOf(nicInputs),
                NetworkInputs = network,
                UnknownReasons = Reasons(unknown),
                JitWriteBlockedReason = status == JitStatus.Unknown && policiesUnknown is not null
                    ? $"{policiesUnknown}. A JIT policy write replaces the whole policy, so nothing is written for this VM until its policies can be read."
                    : jitUnavailable,
            };
        }

        var control = defenderUnknown is not null ? null
            : only is null ? ControlOf(inventory, facts.Values)
            : knownControl ?? ControlOf(inventory, facts.Values);
        // A VM's impact: the points the control gains if that VM alone becomes healthy (DESIGN.md; secure-score-security-controls.md).
        foreach (var (id, machine) in facts)
        {
            if (control is null) facts[id] = machine with { SecureScoreImpact = null };
            else if (machine.UnhealthyInControl) facts[id] = machine with { SecureScoreImpact = control.PointsPerVm };
        }
        return new SubscriptionEvaluation(facts, control) { JitUnavailableReason = jitUnavailable };
    }

    private static readonly IReadOnlyDictionary<string, string> NoReasons = new Dictionary<string, string>(StringComparer.Ordinal);

    // Nearly no ip configuration is in an application security group: one shared empty set.
    private static readonly IReadOnlySet<string> NoAsgs = new HashSet<string>();

    // One NsgInput per NSG as read (the inventory's objects are immutable and replaced, never changed): targeted
    // refreshes and the VMs not re-evaluated share it, and with it the evaluator's prepared rules.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<NetworkSecurityGroup, NsgInput> NsgInputs = [];

    private static NsgInput NsgInputOf(NetworkSecurityGroup nsg) => NsgInputs.GetValue(nsg, ToNsgInput);

    // Nearly every VM has every fact: one shared empty map instead of one per VM.
    private static IReadOnlyDictionary<string, string> Reasons(Dictionary<string, string> unknown) => unknown.Count == 0 ? NoReasons : unknown;

    private static bool IsClassicId(string id) => id.Contains("/providers/Microsoft.ClassicCompute/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Why no JIT policy may be written in this subscription: read-only or gone (subscription-states.md), Defender not
    /// registered, or Defender for Servers not on Plan 2, which JIT needs (just-in-time-access-overview.md). An
    /// unreadable plan is not a reason: ARM itself refuses if the plan is wrong, and that write clobbers nothing.
    /// </summary>
    public static string? JitUnavailableReason(SubscriptionInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        if (SubscriptionStates.IsReadOnly(inventory.Subscription.State))
            return $"The subscription is {inventory.Subscription.State}: Azure refuses every write until it is re-enabled.";
        foreach (var source in new[] { InventorySource.JitPolicies, InventorySource.DefenderPlans })
        {
            if (inventory.Sources.GetValueOrDefault(source) is { State: SourceState.NotRegistered, Failure: { } failure })
                return $"JIT is not available: {failure.Fix}";
        }
        if (!inventory.IsReadable(InventorySource.DefenderPlans) || !inventory.Sources.ContainsKey(InventorySource.DefenderPlans))
            return null;
        var servers = inventory.Pricings.FirstOrDefault(p => string.Equals(p.Name, Pricing.VirtualMachines, StringComparison.OrdinalIgnoreCase));
        var tier = servers?.Properties.PricingTier;
        var subPlan = servers?.Properties.SubPlan;
        // Standard without a sub-plan is the plan from before P1/P2 existed, which included JIT.
        var hasPlan2 = string.Equals(tier, "Standard", StringComparison.OrdinalIgnoreCase)
            && (subPlan is null || string.Equals(subPlan, "P2", StringComparison.OrdinalIgnoreCase));
        return hasPlan2 ? null
            : $"JIT is not available: it needs Defender for Servers Plan 2, and this subscription has {(servers is null ? "no Defender for Servers plan" : $"{tier ?? "no tier"}{(subPlan is null ? "" : " " + subPlan)}")}. Enable Defender for Servers Plan 2 (Defender for Cloud > Environment settings) to use JIT here.";
    }

    /// <summary>
    /// A classic VM has no NSG in this model: an input endpoint forwards a public port straight to the VM, so a
    /// management port behind an endpoint is open to the Internet (endpoint ACLs are not read).
    /// </summary>
    private static MachineFacts ClassicFacts(ClassicVirtualMachine vm, IReadOnlyList<int> managementPorts)
    {
        var endpoints = vm.Properties.NetworkProfile?.InputEndpoints ?? [];
        var publicIps = vm.Properties.InstanceView?.PublicIpAddresses ?? [];
        var ports = managementPorts.Select(port =>
        {
            var endpoint = endpoints.FirstOrDefault(e => e.PrivatePort == port && !string.Equals(e.Protocol, "udp", StringComparison.OrdinalIgnoreCase));
            if (endpoint is null)
            {
                return new PortDecision(port, PortExposure.Closed, [], []);
            }
            var path = new PathDecision(vm.Name, endpoint.EndpointName ?? "", endpoint.PublicIpAddress, PortExposure.Open, ["*"], [],
                $"Open to any Internet address: classic endpoint '{endpoint.EndpointName}' forwards public port {endpoint.PublicPort} to {port}.");
            return new PortDecision(port, PortExposure.Open, ["*"], [path]);
        }).ToList();
        var nics = publicIps.Select(ip => new NicView(vm.Name, "classic endpoints", null, ip, "Classic", null, null, null)).ToList();
        return MachineFacts.Empty with
        {
            Ports = ports,
            Nics = nics,
            JitStatus = JitStatus.Unsupported,
            UnsupportedReason = "Classic VM: JIT supports only Azure Resource Manager VMs.",
        };
    }

    /// <summary>
    /// Unsupported per just-in-time-access-overview.md: classic VMs, VMs with no NSG on their NIC or subnet; scale-set
    /// instances because JIT policies only take Microsoft.Compute/virtualMachines.
    /// </summary>
    private static (JitStatus Status, string? Reason) JitStatusOf(VirtualMachineInfo vm, bool hasNsg, bool inPolicy)
    {
        if (vm.Id.Contains("/providers/Microsoft.ClassicCompute/", StringComparison.OrdinalIgnoreCase))
            return (JitStatus.Unsupported, "Classic VM: JIT supports only Azure Resource Manager VMs.");
        if (vm.ScaleSetId is not null)
            return (JitStatus.Unsupported, "Scale-set instance: JIT policies cover standalone virtual machines only.");
        if (!hasNsg)
            return (JitStatus.Unsupported, "Missing network security group: no NSG on the NIC or its subnet.");
        return inPolicy ? (JitStatus.Configured, null) : (JitStatus.NotConfigured, null);
    }

    /// <summary>Deny rules named like Defender's JIT rules whose destination is one of the VM's private addresses (or any).</summary>
    private static IReadOnlyList<string> JitDenyRulesOf(IReadOnlyList<NicInput> nics)
    {
        var found = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var nic in nics)
        {
            foreach (var configuration in nic.IpConfigurations)
            {
                var ip = configuration.PrivateIp?.ToString();
                foreach (var nsg in new[] { nic.Nsg, configuration.SubnetNsg })
                {
                    if (nsg is null) continue;
                    foreach (var rule in nsg.InboundRules.Where(r => !r.IsDefault && r.Access == RuleAccess.Deny
                                 && r.Name.StartsWith("SecurityCenter-JITRule", StringComparison.OrdinalIgnoreCase)
                                 && r.DestinationPrefixes.Any(d => d == "*" || (ip is not null && (d == ip || d == ip + "/32")))))
                        found.Add($"{nsg.Name}/{rule.Name}");
                }
            }
        }
        return [.. found];
    }

    private static RecommendationState StateOf(Dictionary<(string, string), Assessment> assessments, string vmId, string key) =>
        assessments.TryGetValue((vmId.ToLowerInvariant(), key), out var assessment)
            ? assessment.Properties.Status?.Code switch
            {
                "Healthy" => RecommendationState.Healthy,
                "Unhealthy" => RecommendationState.Unhealthy,
                "NotApplicable" => RecommendationState.NotApplicable,
                _ => RecommendationState.Unknown,
            }
            : RecommendationState.Unknown;

    /// <summary>
    /// Defender's own counts when the subscription reports the control; otherwise counted from the assessments with
    /// the same rule (healthy only when healthy in all of the control's recommendations).
    /// </summary>
    private static ManagementPortsControl? ControlOf(SubscriptionInventory inventory, IEnumerable<MachineFacts> machines)
    {
        var reported = inventory.SecureScoreControls.FirstOrDefault(c => IsManagementPortsControl(c));
        if (reported is not null)
        {
            var p = reported.Properties;
            return new ManagementPortsControl(p.Score.Current, p.Score.Max, p.HealthyResourceCount, p.UnhealthyResourceCount, p.NotApplicableResourceCount);
        }
        int healthy = 0, unhealthy = 0, notApplicable = 0;
        foreach (var m in machines)
        {
            if (m.UnhealthyInControl) unhealthy++;
            else if (m.JitRecommendation == RecommendationState.Healthy || m.ManagementPortsRecommendation == RecommendationState.Healthy) healthy++;
            else notApplicable++;
        }
        var max = ManagementPortsControl.DefaultMax;
        return new ManagementPortsControl(healthy + unhealthy == 0 ? 0 : Math.Round((double)max * healthy / (healthy + unhealthy), 2), max, healthy, unhealthy, notApplicable);
    }

    /// <summary>By the JIT assessment in its definition when expanded, else by its display name.</summary>
    public static bool IsManagementPortsControl(SecureScoreControl control) =>
        control.Properties.Definition?.Properties.AssessmentDefinitions?.Any(d => d.Id.EndsWith(Assessment.JitKey, StringComparison.OrdinalIgnoreCase)) == true
        || string.Equals(control.Properties.DisplayName, ManagementPortsControl.DisplayName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Folds ARM's singular and plural rule fields; keeps inbound rules only.</summary>
    public static NsgInput ToNsgInput(NetworkSecurityGroup nsg)
    {
        ArgumentNullException.ThrowIfNull(nsg);
        var rules = new List<NsgRule>();
        foreach (var rule in nsg.Properties.SecurityRules)
        {
            if (IsInbound(rule)) rules.Add(ToNsgRule(rule, isDefault: false));
        }
        foreach (var rule in nsg.Properties.DefaultSecurityRules ?? [])
        {
            // The default rules are shared between NSGs (InventoryCompaction), and so is what they become here.
            if (IsInbound(rule)) rules.Add(DefaultNsgRules.GetValue(rule, static r => ToNsgRule(r, isDefault: true)));
        }
        return new NsgInput(nsg.Id ?? "", nsg.Name ?? "", rules.ToArray());
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SecurityRule, NsgRule> DefaultNsgRules = [];

    private static bool IsInbound(SecurityRule rule) => string.Equals(rule.Properties.Direction, "Inbound", StringComparison.OrdinalIgnoreCase);

    private static NsgRule ToNsgRule(SecurityRule rule, bool isDefault)
    {
        static IReadOnlyList<string> Fold(IReadOnlyList<string>? plural, string? singular, string fallback) =>
            plural is { Count: > 0 } ? plural : NsgRuleLists.Of(singular ?? fallback);

        var p = rule.Properties;
        return new NsgRule(
            rule.Name ?? "",
            p.Priority,
            string.Equals(p.Access, "Allow", StringComparison.OrdinalIgnoreCase) ? RuleAccess.Allow : RuleAccess.Deny,
            p.Protocol,
            // No prefix means application security groups: VMs of the virtual network, not the Internet.
            p.SourceAddressPrefixes is { Count: > 0 } ? p.SourceAddressPrefixes : p.SourceAddressPrefix is { } source ? NsgRuleLists.Of(source) : [],
            Fold(p.DestinationPortRanges, p.DestinationPortRange, "*"),
            // Destination application security groups (below) decide by membership, whatever this says.
            Fold(p.DestinationAddressPrefixes, p.DestinationAddressPrefix, "*"),
            isDefault)
        {
            SourceAsgs = p.SourceApplicationSecurityGroups is { Count: > 0 } sourceAsgs ? sourceAsgs.Select(a => a.Id.ToLowerInvariant()).ToArray() : [],
            DestinationAsgs = p.DestinationApplicationSecurityGroups is { Count: > 0 } destinationAsgs ? destinationAsgs.Select(a => a.Id.ToLowerInvariant()).ToArray() : [],
        };
    }
}

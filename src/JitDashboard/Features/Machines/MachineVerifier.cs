using System.Net;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Machines;

/// <summary>
/// "Verify with Azure": asks Azure itself about one VM and puts its answer beside ours. Per NIC, the effective NSGs
/// (POST effectiveNetworkSecurityGroups); per management port and ip configuration, Network Watcher IP flow verify for a
/// TCP packet from an Internet address (<see cref="ProbeAddress"/>) to the private address. IP flow verify judges the
/// admin rules and NSGs in front of the NIC, not the doors before them (load balancers, firewalls): so it is compared
/// with our verdict for the same packet, and a disagreement is flagged. Needs the region's Network Watcher
/// (learn.microsoft.com/azure/network-watcher/ip-flow-verify-overview); says so when there is none.
/// </summary>
public sealed class MachineVerifier(NetworkClient network, IEstateService estate, IAuditLog audit, IOptions<EstateOptions> options, TimeProvider time) : IMachineVerifier
{
    /// <summary>An Internet address (TEST-NET-1, RFC 5737) that no real rule names on purpose.</summary>
    public const string ProbeAddress = "192.0.2.123";

    /// <summary>The remote (client) port of the probe: any ephemeral port.</summary>
    public const string ProbeRemotePort = "50000";

    /// <summary>The VM with this subscription, group and name in the current snapshot, or null.</summary>
    public EstateMachine? Find(string subscriptionId, string resourceGroup, string name) => estate.Snapshot.Machines.FirstOrDefault(m =>
        string.Equals(m.SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(m.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase)
        && string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    public async Task<MachineVerification> VerifyAsync(EstateMachine machine, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var probe = IPAddress.Parse(ProbeAddress);
        var ports = options.Value.EffectivePorts;
        var nics = new List<VerifiedNic>();
        foreach (var nic in machine.Facts.NetworkInputs)
        {
            try
            {
                var effective = await network.ListEffectiveNetworkSecurityGroupsAsync(nic.Id, cancellationToken);
                nics.Add(new VerifiedNic(nic.Name, effective.Value.Select(e => new VerifiedNsg(
                    Name(e.NetworkSecurityGroup?.Id),
                    e.Association?.Subnet?.Id is { } subnet ? $"subnet {Name(subnet)}" : e.Association?.NetworkInterface?.Id is { } n ? $"network interface {Name(n)}" : "",
                    e.EffectiveSecurityRules.Where(r => string.Equals(r.Direction, "Inbound", StringComparison.OrdinalIgnoreCase))
                        .OrderBy(r => r.Priority)
                        .Select(r => new VerifiedRule(r.Name ?? "", r.Priority ?? 0, r.Access ?? "", r.Protocol ?? "",
                            r.SourceAddressPrefixes is { Count: > 0 } sp ? string.Join(", ", sp) : r.SourceAddressPrefix ?? "",
                            r.DestinationPortRanges is { Count: > 0 } dp ? string.Join(", ", dp) : r.DestinationPortRange ?? "")).ToList())).ToList(), null));
            }
            catch (ArmRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                nics.Add(new VerifiedNic(nic.Name, [], ex.Failure.Describe()));
            }
        }

        // The region's Network Watcher (Azure makes one per region, usually in NetworkWatcherRG, when a VNet is created).
        NetworkWatcher? watcher = null;
        string? watcherProblem = null;
        try
        {
            await foreach (var w in network.ListNetworkWatchersAsync(machine.SubscriptionId, cancellationToken))
            {
                if (w.Id is not null && Normalize(w.Location) == Normalize(machine.Location)) { watcher = w; break; }
            }
            if (watcher is null)
                watcherProblem = $"There is no Network Watcher in region '{machine.Location}' of this subscription, so Azure cannot be asked to verify the flows. Enable Network Watcher for the region (Network Watcher > Overview > region > Enable), then verify again.";
        }
        catch (ArmRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            watcherProblem = $"The network watchers could not be listed: {ex.Failure.Describe()}";
        }

        var checks = new List<VerifiedPort>();
        foreach (var nic in machine.Facts.NetworkInputs)
        {
            foreach (var ipConfiguration in nic.IpConfigurations.Where(c => c.PrivateIp is not null))
            {
                foreach (var port in ports)
                {
                    var (allowed, rule) = ExposureEvaluator.VerifyFlow(nic, ipConfiguration, port, probe);
                    var ours = allowed ? "Allow" : "Deny";
                    if (watcher is null)
                    {
                        checks.Add(new VerifiedPort(port, nic.Name, ipConfiguration.Name, ipConfiguration.PrivateIp!.ToString(), ours, rule, null, null, null, watcherProblem));
                        continue;
                    }
                    try
                    {
                        var answer = await network.VerifyIpFlowAsync(watcher.Id!, new IpFlowVerifyRequest(machine.Id, "Inbound", "TCP",
                            port.ToString(System.Globalization.CultureInfo.InvariantCulture), ProbeRemotePort, ipConfiguration.PrivateIp!.ToString(), ProbeAddress), cancellationToken);
                        var agrees = string.Equals(answer.Access, ours, StringComparison.OrdinalIgnoreCase);
                        checks.Add(new VerifiedPort(port, nic.Name, ipConfiguration.Name, ipConfiguration.PrivateIp!.ToString(), ours, rule, answer.Access, answer.RuleName, agrees, null));
                    }
                    catch (ArmRequestException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        checks.Add(new VerifiedPort(port, nic.Name, ipConfiguration.Name, ipConfiguration.PrivateIp!.ToString(), ours, rule, null, null, null, ex.Failure.Describe()));
                    }
                }
            }
        }

        var result = new MachineVerification(machine.Id, time.GetUtcNow(), ProbeAddress, watcher?.Id, watcherProblem, nics, checks)
        {
            Disagreements = checks.Count(c => c.Agrees == false),
        };
        await audit.AppendAsync(new AuditEntry(actor, AuditActorKind.User, AuditActions.MachineVerified, machine.Id,
            checks.Count > 0 && checks.All(c => c.Agrees is not null) ? AuditOutcome.Succeeded : AuditOutcome.Failed,
            new { networkWatcher = watcher?.Id, problem = watcherProblem, disagreements = result.Disagreements, ports = checks.Select(c => new { c.Port, c.IpConfiguration, c.Ours, c.Azure }) }), cancellationToken);
        return result;
    }

    private static string Name(string? id) => id is null ? "" : id[(id.LastIndexOf('/') + 1)..];

    private static string Normalize(string? location) => (location ?? "").Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
}

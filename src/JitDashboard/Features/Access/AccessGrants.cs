using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Features.Policies;

namespace JitDashboard.Features.Access;

/// <summary>
/// The ARM side of access: initiate through the JIT policy, read grants back from its <c>requests</c>, and close early
/// by deleting the allow rule JIT put in the NSG.
/// </summary>
/// <remarks>
/// Close now: Azure has no API to revoke a JIT request. Two ways exist: initiate again for the same port with an
/// almost immediate end (JIT then revokes the older grant as NewerRequestInitiated, but the port stays open from the same
/// address until the new end, ARM refuses an end that is not in the future by its own clock, and the result depends on
/// the two clocks agreeing), or delete the allow rule JIT wrote in the NSG. The second closes at once, with no clock
/// involved; it is what the simulator and Azure both honour (the NSG rule is an ordinary rule; when JIT later expires the
/// request it finds nothing left to remove). The policy's request record keeps saying Initiated until its end time; the
/// dashboard's own record says Closed, with who and when.
/// </remarks>
public sealed class AccessGrants(SecurityClient security, NetworkClient network)
{
    private const string AllowRulePrefix = "SecurityCenter-JITRule-";

    /// <summary>The justification Azure records (it records the app's identity as requestor, so name the people here).</summary>
    public static string Justification(AccessRequest r)
    {
        var parts = new List<string> { r.Justification, $"requester: {r.RequestedBy}", $"approver: {r.DecidedBy}" };
        if (r.Ticket is not null) parts.Add($"ticket: {r.Ticket}");
        parts.Add(r.Marker);
        return string.Join(" | ", parts);
    }

    public async Task<GrantOutcome> InitiateAsync(AccessRequest request, DateTimeOffset end, CancellationToken ct)
    {
        var key = JitPolicyId.Parse(request.PolicyId) ?? throw new ArmRequestException(400, "InvalidPolicyId", $"'{request.PolicyId}' is not a JIT policy id.", "POST", request.PolicyId);
        var policy = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name, ct)
            ?? throw new ArmRequestException(404, "PolicyNotFound", "The VM's JIT policy no longer exists.", "GET", key.Id);
        if (!policy.Properties.VirtualMachines.Any(v => SameId(v.Id, request.MachineId)))
            throw new ArmRequestException(409, "VmNotInPolicy", "The VM is no longer in its JIT policy.", "GET", key.Id);

        // Initiated before a crash or by another instance: recognise it instead of opening the port a second time.
        if (Find(policy, request) is { } existing)
            return new GrantOutcome(existing.StartTimeUtc, EndOf(existing, request) ?? end, true);

        var body = new JitInitiateRequest
        {
            VirtualMachines =
            [
                new JitInitiateVirtualMachine
                {
                    Id = request.MachineId,
                    // Always the requester's prefix: ARM would otherwise fill in the caller's, i.e. the server's.
                    Ports = request.Ports.Select(p => new JitInitiatePort { Number = p, EndTimeUtc = end, AllowedSourceAddressPrefix = request.SourceAddressPrefix }).ToList(),
                },
            ],
            Justification = Justification(request),
        };
        var accepted = await security.InitiateJitAccessAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name, body, ct);

        // Confirm by reading the policy back. ARM has accepted the initiate by now, so a failed read must not turn into a
        // failed (or retried) request while the port is open: it is only left unconfirmed.
        bool confirmed;
        try
        {
            var after = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name, ct);
            confirmed = after is not null && Find(after, request) is not null;
        }
        catch (ArmRequestException)
        {
            confirmed = false;
        }
        return new GrantOutcome(accepted.StartTimeUtc == default ? DateTimeOffset.UtcNow : accepted.StartTimeUtc, end, confirmed);
    }

    /// <summary>The state of each given active request (all in one policy), as the policy's <c>requests</c> report it.</summary>
    public async Task<IReadOnlyDictionary<Guid, GrantState>> ReadStatesAsync(string policyId, IReadOnlyList<AccessRequest> requests, CancellationToken ct)
    {
        var result = new Dictionary<Guid, GrantState>();
        if (JitPolicyId.Parse(policyId) is not { } key) return result;
        var policy = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name, ct);
        if (policy is null) return result;
        foreach (var r in requests)
        {
            if (Find(policy, r) is not { } record) continue;
            var ports = record.VirtualMachines.Where(v => SameId(v.Id, r.MachineId)).SelectMany(v => v.Ports).ToList();
            if (ports.Count == 0 || ports.Any(p => !string.Equals(p.Status, "Revoked", StringComparison.OrdinalIgnoreCase)))
            {
                result[r.Id] = GrantState.Active;
            }
            else
            {
                result[r.Id] = ports.Any(p => string.Equals(p.StatusReason, "NewerRequestInitiated", StringComparison.OrdinalIgnoreCase))
                    ? GrantState.Superseded : GrantState.Expired;
            }
        }
        return result;
    }

    /// <summary>Deletes the JIT allow rules that opened the request's ports from its address on its VM's NSGs; returns how many.</summary>
    public async Task<int> RemoveAllowRulesAsync(AccessRequest request, EstateMachine? machine, CancellationToken ct)
    {
        if (machine is null) throw new ArmRequestException(404, "VmNotFound", $"The VM '{request.MachineName}' is no longer in the estate.", "DELETE", request.MachineId);
        var ids = machine.Facts.Nics.SelectMany(n => new[] { n.NicNsgId, n.SubnetNsgId }).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase);
        var removed = 0;
        foreach (var id in ids)
        {
            if (await network.GetNetworkSecurityGroupAsync(id, ct) is not { Id: not null } nsg) continue;
            foreach (var rule in nsg.Properties.SecurityRules.Where(r => IsGrantRule(r, request, machine.Name)).ToList())
            {
                await network.DeleteSecurityRuleAsync(nsg.Id, rule.Name!, ct);
                removed++;
            }
        }
        return removed;
    }

    internal static bool IsGrantRule(SecurityRule rule, AccessRequest request, string vmName)
    {
        var p = rule.Properties;
        if (rule.Name is null || !rule.Name.StartsWith(AllowRulePrefix, StringComparison.OrdinalIgnoreCase)) return false;
        if (!string.Equals(p.Access, "Allow", StringComparison.OrdinalIgnoreCase) || !string.Equals(p.Direction, "Inbound", StringComparison.OrdinalIgnoreCase)) return false;
        if (p.Description is { } d && !d.Contains($"'{vmName}'", StringComparison.OrdinalIgnoreCase)) return false;
        var sources = p.SourceAddressPrefixes is { Count: > 0 } many ? many : [p.SourceAddressPrefix ?? ""];
        if (!sources.Contains(request.SourceAddressPrefix, StringComparer.OrdinalIgnoreCase)) return false;
        var ports = p.DestinationPortRanges is { Count: > 0 } ranges ? ranges : [p.DestinationPortRange ?? ""];
        return request.Ports.Any(n => ports.Contains(n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal));
    }

    private static JitRequest? Find(JitNetworkAccessPolicy policy, AccessRequest request) =>
        (policy.Properties.Requests ?? []).LastOrDefault(q => q.Justification?.Contains(request.Marker, StringComparison.Ordinal) == true);

    private static DateTimeOffset? EndOf(JitRequest record, AccessRequest request) =>
        record.VirtualMachines.Where(v => SameId(v.Id, request.MachineId)).SelectMany(v => v.Ports).Select(p => (DateTimeOffset?)p.EndTimeUtc).Max();

    private static bool SameId(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}

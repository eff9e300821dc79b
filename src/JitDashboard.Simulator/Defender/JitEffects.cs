using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.Arm;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Defender;

/// <summary>What Defender for Cloud does to NSGs when JIT policies change and access is requested (arm-contract README §8).</summary>
public static class JitEffects
{
    private const string DenyPrefix = "SecurityCenter-JITRule_";
    private const string AllowPrefix = "SecurityCenter-JITRule-";

    public static string DenyRuleName(string policyId, string vmId)
    {
        var (n, hex) = Hash(policyId + "|" + vmId);
        return $"{DenyPrefix}{n}_{hex}";
    }

    private static string AllowRuleName(string seed)
    {
        var (n, hex) = Hash(seed);
        return $"{AllowPrefix}{n & int.MaxValue}-{hex}";
    }

    private static (int, string) Hash(string seed)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToLowerInvariant()));
        return (BitConverter.ToInt32(h, 0), Convert.ToHexString(h, 4, 16));
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    /// <summary>The NSGs JIT writes to for a VM: the primary NIC's NSG and its subnet's NSG (both when both exist).</summary>
    public static List<JsonObject> NsgsFor(List<VmPath> paths)
    {
        var primary = paths.FirstOrDefault();
        var list = new List<JsonObject>();
        if (primary?.NicNsg is not null)
            list.Add(primary.NicNsg);
        if (primary?.SubnetNsg is not null && !ReferenceEquals(primary.SubnetNsg, primary.NicNsg))
            list.Add(primary.SubnetNsg);
        return list;
    }

    private static string VmName(string vmId) => vmId.TrimEnd('/')[(vmId.TrimEnd('/').LastIndexOf('/') + 1)..];

    private static string DenyDescription(string policyName, string vmId) => $"ASC JIT Network Access rule for policy '{policyName}' of VM '{VmName(vmId)}'.";

    private static string AllowDescription(string policyName, string vmId) => $"ASC JIT Network Access rule created by an initiation request for policy '{policyName}' of VM '{VmName(vmId)}'.";

    /// <summary>Brings the NSGs in line with a policy PUT: deny rules for new or changed VMs, cleanup for removed ones.</summary>
    public static void ApplyPolicy(SimulatorState state, string policyId, string policyName, JsonArray? oldVms, JsonArray newVms)
    {
        var before = (oldVms ?? []).OfType<JsonObject>().ToDictionary(v => ArmId.Key((string)v["id"]!), v => PortsKey(v));
        var after = newVms.OfType<JsonObject>().ToDictionary(v => ArmId.Key((string)v["id"]!), v => v);
        foreach (var (key, vm) in after)
        {
            if (!before.TryGetValue(key, out var oldPorts) || oldPorts != PortsKey(vm))
                EnsureDenyRule(state, policyId, policyName, (string)vm["id"]!, PortNumbers(vm));
        }
        foreach (var (key, _) in before.Where(b => !after.ContainsKey(b.Key)))
        {
            var vmId = (string?)oldVms!.OfType<JsonObject>().First(v => ArmId.Key((string)v["id"]!) == key)["id"] ?? key;
            RemoveVmRules(state, policyId, policyName, vmId);
        }
    }

    private static string PortsKey(JsonObject vm) => string.Join(',', PortNumbers(vm).Order(StringComparer.Ordinal));

    private static List<string> PortNumbers(JsonObject vm)
        => (vm["ports"] as JsonArray ?? []).OfType<JsonObject>().Select(p => ((int)p["number"]!).ToString(CultureInfo.InvariantCulture)).Distinct().ToList();

    private static void EnsureDenyRule(SimulatorState state, string policyId, string policyName, string vmId, List<string> ports)
    {
        if (state.Get(vmId) is not { } vm || ports.Count == 0)
            return;
        var paths = Exposure.Paths(state, vm);
        var ip = Exposure.PrimaryPrivateIp(paths) ?? "*";
        var name = DenyRuleName(policyId, vmId);
        foreach (var nsg in NsgsFor(paths))
        {
            var rules = Nsg.Rules(nsg);
            RemoveRules(rules, r => IsDenyRuleFor(r, name, ip));
            // Existing custom rules for these ports keep precedence: the deny goes right after the last of them.
            var lastMatching = rules.OfType<JsonObject>()
                .Where(r => !((string?)r["name"] ?? "").StartsWith("SecurityCenter-JITRule", StringComparison.OrdinalIgnoreCase))
                .Where(r => string.Equals((string?)r["properties"]?["direction"], "Inbound", StringComparison.OrdinalIgnoreCase))
                .Where(r => ports.Any(p => Exposure.Matches(r["properties"]!, int.Parse(p, CultureInfo.InvariantCulture), "*", ip)))
                .Select(r => (int?)r["properties"]?["priority"])
                .Max();
            var priority = (lastMatching is { } last ? Nsg.FreePriority(nsg, last + 1) : null) ?? Nsg.FreePriority(nsg, 1000) ?? 4096;
            rules.Add(Nsg.NewRule((string)nsg["id"]!, name, new Nsg.RuleSpec(
                "Deny", "Inbound", priority, "*", "*", [], ip, [], ports, DenyDescription(policyName, vmId))));
            state.MarkChanged(nsg);
        }
    }

    /// <summary>Removes the VM's deny rule and any allow rules its requests created.</summary>
    public static void RemoveVmRules(SimulatorState state, string policyId, string policyName, string vmId)
    {
        if (state.Get(vmId) is not { } vm)
            return;
        var deny = DenyRuleName(policyId, vmId);
        var paths = Exposure.Paths(state, vm);
        var ip = Exposure.PrimaryPrivateIp(paths) ?? "*";
        foreach (var nsg in NsgsFor(paths))
        {
            if (RemoveRules(Nsg.Rules(nsg), r => IsDenyRuleFor(r, deny, ip) || IsAllowRuleFor(r, policyName, vmId, ip)) > 0)
                state.MarkChanged(nsg);
        }
    }

    /// <summary>Our deny rule for the VM, or any JIT deny rule aimed at its address (estates carry rules made by Defender itself).</summary>
    private static bool IsDenyRuleFor(JsonObject rule, string name, string ip)
    {
        var ruleName = (string?)rule["name"] ?? "";
        return ruleName.Equals(name, StringComparison.OrdinalIgnoreCase)
               || (ruleName.StartsWith(DenyPrefix, StringComparison.OrdinalIgnoreCase) && (string?)rule["properties"]?["destinationAddressPrefix"] == ip);
    }

    private static bool IsAllowRuleFor(JsonObject rule, string policyName, string vmId, string ip)
    {
        if (((string?)rule["name"])?.StartsWith(AllowPrefix, StringComparison.OrdinalIgnoreCase) != true)
            return false;
        var description = (string?)rule["properties"]?["description"];
        return description is null
            ? (string?)rule["properties"]?["destinationAddressPrefix"] == ip
            : description == AllowDescription(policyName, vmId);
    }

    private static int RemoveRules(JsonArray rules, Func<JsonObject, bool> predicate)
    {
        var doomed = rules.OfType<JsonObject>().Where(predicate).ToList();
        foreach (var r in doomed)
            rules.Remove(r);
        return doomed.Count;
    }

    // ---------------------------------------------------------------- initiate

    /// <summary>Validates an initiate body, opens the ports and records the request; returns the 202 body.</summary>
    public static JsonObject Initiate(SimulatorState state, JsonObject policy, JsonNode? body, string callerIp, string requestor)
    {
        var now = state.Clock.UtcNow;
        var policyId = (string)policy["id"]!;
        var policyName = (string)policy["name"]!;
        if (body is not JsonObject b || b["virtualMachines"] is not JsonArray { Count: > 0 } vms)
            throw ArmErrors.BadRequest("The request must contain 'virtualMachines'.", "InvalidRequestFormat");
        var policyVms = (policy["properties"]?["virtualMachines"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(v => ArmId.Key((string)v["id"]!), v => v);

        // Validate everything first so that a bad request changes nothing.
        var plan = new List<(JsonObject PolicyVm, JsonObject Vm, List<(int Number, List<string> Sources, DateTimeOffset End)> Ports)>();
        foreach (var entry in vms)
        {
            var id = (string?)entry?["id"] ?? throw ArmErrors.BadRequest("Each virtual machine needs an 'id'.", "InvalidRequestFormat");
            if (!policyVms.TryGetValue(ArmId.Key(id), out var policyVm))
                throw ArmErrors.BadRequest($"The virtual machine '{id}' is not part of the just-in-time network access policy '{policyName}'.", "VirtualMachineNotInPolicy");
            var vm = state.Get(id) ?? throw ArmErrors.BadRequest($"The virtual machine '{id}' was not found.", "VirtualMachineNotFound");
            if (entry!["ports"] is not JsonArray { Count: > 0 } ports)
                throw ArmErrors.BadRequest($"The request for virtual machine '{id}' must contain 'ports'.", "InvalidRequestFormat");
            var planned = new List<(int, List<string>, DateTimeOffset)>();
            foreach (var port in ports.OfType<JsonObject>())
            {
                var number = ReadInt(port["number"]) ?? throw ArmErrors.BadRequest("Each port needs a 'number'.", "InvalidRequestFormat");
                var rule = (policyVm["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => (int?)p["number"] == number)
                    ?? throw ArmErrors.BadRequest($"Port {number} is not configured in the just-in-time policy for virtual machine '{id}'.", "PortNotInPolicy");
                if (!DateTimeOffset.TryParse((string?)port["endTimeUtc"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end))
                    throw ArmErrors.BadRequest($"Port {number} needs a valid 'endTimeUtc'.", "InvalidRequestFormat");
                var max = System.Xml.XmlConvert.ToTimeSpan((string)rule["maxRequestAccessDuration"]!);
                if (end <= now)
                    throw ArmErrors.BadRequest($"The end time of port {number} must be in the future.", "InvalidEndTime");
                if (end > now + max + TimeSpan.FromMinutes(1))
                    throw ArmErrors.BadRequest($"The end time of port {number} exceeds the maximum request access duration {rule["maxRequestAccessDuration"]} of the policy.", "InvalidEndTime");
                var sources = port["allowedSourceAddressPrefixes"] is JsonArray many
                    ? many.Select(s => (string)s!).ToList()
                    : [(string?)port["allowedSourceAddressPrefix"] ?? callerIp];
                var allowed = rule["allowedSourceAddressPrefixes"] is JsonArray allowedMany
                    ? allowedMany.Select(s => (string)s!).ToList()
                    : [(string?)rule["allowedSourceAddressPrefix"] ?? "*"];
                foreach (var s in sources.Where(s => !allowed.Any(a => Exposure.PrefixContains(a, s))))
                    throw ArmErrors.BadRequest($"The source address prefix '{s}' of port {number} is not allowed by the policy (allowed: {string.Join(", ", allowed)}).", "InvalidSourceAddressPrefix");
                planned.Add((number, sources, end));
            }
            if (NsgsFor(Exposure.Paths(state, vm)).Count == 0)
                throw ArmErrors.BadRequest($"The virtual machine '{id}' has no network security group; just-in-time access is not supported.", "UnsupportedVirtualMachine");
            plan.Add((policyVm, vm, planned));
        }

        var requests = policy["properties"]!["requests"] as JsonArray;
        if (requests is null)
            policy["properties"]!["requests"] = requests = [];
        var record = new JsonObject
        {
            ["virtualMachines"] = new JsonArray(),
            ["startTimeUtc"] = Iso(now),
            ["requestor"] = requestor,
        };
        if ((string?)body["justification"] is { } justification)
            record["justification"] = justification;
        foreach (var (policyVm, vm, ports) in plan)
        {
            var vmId = (string)vm["id"]!;
            // A newer request for the same port replaces the older grant.
            foreach (var (number, _, _) in ports)
                RevokeActive(state, requests, policyName, vmId, number, "NewerRequestInitiated");
            var paths = Exposure.Paths(state, vm);
            var ip = Exposure.PrimaryPrivateIp(paths) ?? "*";
            foreach (var group in ports.GroupBy(p => string.Join(',', p.Sources) + "|" + Iso(p.End)))
            {
                var sources = group.First().Sources;
                var portList = group.Select(p => p.Number.ToString(CultureInfo.InvariantCulture)).Distinct().ToList();
                var name = AllowRuleName($"{policyId}|{vmId}|{Iso(now)}|{group.Key}|{string.Join(',', portList)}");
                foreach (var nsg in NsgsFor(paths))
                {
                    var rules = Nsg.Rules(nsg);
                    RemoveRules(rules, r => string.Equals((string?)r["name"], name, StringComparison.OrdinalIgnoreCase));
                    var priority = Nsg.FreePriority(nsg, 100) ?? 4096;
                    rules.Add(Nsg.NewRule((string)nsg["id"]!, name, new Nsg.RuleSpec(
                        "Allow", "Inbound", priority, "*",
                        sources.Count == 1 ? sources[0] : "", sources.Count == 1 ? [] : sources,
                        ip, [], portList, AllowDescription(policyName, vmId))));
                    state.MarkChanged(nsg);
                }
            }
            var vmRecord = new JsonObject { ["id"] = vmId, ["ports"] = new JsonArray() };
            foreach (var (number, sources, end) in ports)
            {
                var portRecord = new JsonObject { ["number"] = number };
                if (sources.Count == 1)
                    portRecord["allowedSourceAddressPrefix"] = sources[0];
                else
                    portRecord["allowedSourceAddressPrefixes"] = Nsg.Strings(sources);
                portRecord["endTimeUtc"] = Iso(end);
                portRecord["status"] = "Initiated";
                portRecord["statusReason"] = "UserRequested";
                ((JsonArray)vmRecord["ports"]!).Add(portRecord);
                if (end < state.NextExpiry)
                    state.NextExpiry = end;
            }
            ((JsonArray)record["virtualMachines"]!).Add(vmRecord);
        }
        requests.Add(record);

        var answer = (JsonObject)record.DeepClone();
        foreach (var port in answer["virtualMachines"]!.AsArray().SelectMany(v => v!["ports"]!.AsArray()))
            port!["status"] = "Initiating";
        return answer;
    }

    private static int? ReadInt(JsonNode? node)
    {
        try
        {
            return node is JsonValue v ? v.GetValue<int>() : null;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static void RevokeActive(SimulatorState state, JsonArray requests, string policyName, string vmId, int number, string reason)
    {
        foreach (var request in requests.OfType<JsonObject>())
        {
            foreach (var vm in (request["virtualMachines"] as JsonArray ?? []).OfType<JsonObject>()
                         .Where(v => ArmId.Key((string?)v["id"] ?? "") == ArmId.Key(vmId)))
            {
                foreach (var port in (vm["ports"] as JsonArray ?? []).OfType<JsonObject>()
                             .Where(p => (int?)p["number"] == number && (string?)p["status"] == "Initiated"))
                {
                    port["status"] = "Revoked";
                    port["statusReason"] = reason;
                    ClosePort(state, policyName, vmId, number);
                }
            }
        }
    }

    /// <summary>Takes the port out of the VM's JIT allow rules for this policy; empty rules are deleted.</summary>
    private static void ClosePort(SimulatorState state, string policyName, string vmId, int number)
    {
        if (state.Get(vmId) is not { } vm)
            return;
        var text = number.ToString(CultureInfo.InvariantCulture);
        var paths = Exposure.Paths(state, vm);
        var ip = Exposure.PrimaryPrivateIp(paths) ?? "*";
        foreach (var nsg in NsgsFor(paths))
        {
            var rules = Nsg.Rules(nsg);
            foreach (var rule in rules.OfType<JsonObject>().Where(r => IsAllowRuleFor(r, policyName, vmId, ip)).ToList())
            {
                var p = rule["properties"]!;
                var ports = Exposure.Values(p, "destinationPortRange", "destinationPortRanges").ToList();
                if (!ports.Contains(text))
                    continue;
                ports.Remove(text);
                if (ports.Count == 0)
                {
                    rules.Remove(rule);
                }
                else
                {
                    p["destinationPortRange"] = ports.Count == 1 ? ports[0] : "";
                    p["destinationPortRanges"] = ports.Count == 1 ? new JsonArray() : Nsg.Strings(ports);
                    rule["etag"] = SimulatorState.NewEtag();
                }
                state.MarkChanged(nsg);
            }
        }
    }

    /// <summary>Revokes every grant whose end time has passed (lazy: called on each ARM request and clock move).</summary>
    public static void ProcessExpiries(SimulatorState state)
    {
        var now = state.Clock.UtcNow;
        if (now < state.NextExpiry)
            return;
        var next = DateTimeOffset.MaxValue;
        foreach (var sub in state.Subscriptions.Select(s => (string)s["subscriptionId"]!).ToList())
        {
            foreach (var key in state.List(sub, ResourceTypes.JitPolicies).ToList())
            {
                var policy = state.GetByKey(key);
                var policyName = (string)policy["name"]!;
                foreach (var request in (policy["properties"]?["requests"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    foreach (var vm in (request["virtualMachines"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        foreach (var port in (vm["ports"] as JsonArray ?? []).OfType<JsonObject>().Where(p => (string?)p["status"] == "Initiated"))
                        {
                            if (!DateTimeOffset.TryParse((string?)port["endTimeUtc"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end))
                                continue;
                            if (end > now)
                            {
                                if (end < next)
                                    next = end;
                                continue;
                            }
                            port["status"] = "Revoked";
                            port["statusReason"] = "Expired";
                            ClosePort(state, policyName, (string)vm["id"]!, (int)port["number"]!);
                        }
                    }
                }
            }
        }
        state.NextExpiry = next;
    }
}

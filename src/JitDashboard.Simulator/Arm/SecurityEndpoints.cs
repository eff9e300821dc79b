using System.Text.Json.Nodes;
using System.Xml;
using JitDashboard.Simulator.Defender;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Arm;

/// <summary>Microsoft.Security: JIT policies (with their NSG effects), assessments and secure score.</summary>
public static class SecurityEndpoints
{
    private const string Jit = "providers/Microsoft.Security/jitNetworkAccessPolicies";
    private const string JitAt = "providers/Microsoft.Security/locations/{location}/jitNetworkAccessPolicies";
    private const string PolicyPath = "subscriptions/{sub}/resourceGroups/{rg}/" + JitAt + "/{name}";
    // {compute} is Microsoft.Compute or Microsoft.ClassicCompute: classic VMs are assessed too (JIT does not apply to them).
    private const string VmPath = "subscriptions/{sub}/resourceGroups/{rg}/providers/{compute}/virtualMachines/{vm}";

    public static void Map(ArmRouter r)
    {
        r.Get($"subscriptions/{{sub}}/{Jit}", ApiFamily.Jit, req => ListPolicies(req, null, null));
        r.Get($"subscriptions/{{sub}}/{JitAt}", ApiFamily.Jit, req => ListPolicies(req, null, req["location"]));
        r.Get($"subscriptions/{{sub}}/resourceGroups/{{rg}}/{Jit}", ApiFamily.Jit, req => ListPolicies(req, req["rg"], null));
        r.Get($"subscriptions/{{sub}}/resourceGroups/{{rg}}/{JitAt}", ApiFamily.Jit, req => ListPolicies(req, req["rg"], req["location"]));
        r.Get(PolicyPath, ApiFamily.Jit, req => new ArmResult(200, FindPolicy(req).DeepClone()));
        r.Map("PUT", PolicyPath, ApiFamily.Jit, PutPolicy);
        r.Map("DELETE", PolicyPath, ApiFamily.Jit, DeletePolicy);
        r.Map("POST", PolicyPath + "/{action}", ApiFamily.Jit, Initiate);

        r.Get("subscriptions/{sub}/providers/Microsoft.Security/assessments", ApiFamily.Assessments, ListAssessments);
        r.Get(VmPath + "/providers/Microsoft.Security/assessments", ApiFamily.Assessments, req =>
        {
            var vm = FindVm(req);
            var a = Assessments.Evaluate(req.State, vm, Assessments.VmsInPolicies(req.State, req["sub"]));
            return req.Page(2, (skip, take) => Assessments.Keys.Skip(skip).Take(take).Select(k => (JsonNode)Assessments.ToJson(vm, k, a, Links(req))));
        });
        r.Get(VmPath + "/providers/Microsoft.Security/assessments/{key}", ApiFamily.Assessments, req =>
        {
            var vm = FindVm(req);
            var key = Assessments.Keys.FirstOrDefault(k => k.Equals(req["key"], StringComparison.OrdinalIgnoreCase))
                ?? throw ArmErrors.NotFound($"The assessment '{req["key"]}' was not found for resource '{vm["id"]}'.");
            var a = Assessments.Evaluate(req.State, vm, Assessments.VmsInPolicies(req.State, req["sub"]));
            return new ArmResult(200, Assessments.ToJson(vm, key, a, Links(req)));
        });

        r.Get("subscriptions/{sub}/providers/Microsoft.Security/secureScores", ApiFamily.SecureScore, req =>
            new ArmResult(200, new JsonObject { ["value"] = new JsonArray(Assessments.ScoreJson(req["sub"], Assessments.Controls(req.State, req["sub"]))) }));
        r.Get("subscriptions/{sub}/providers/Microsoft.Security/secureScores/{score}", ApiFamily.SecureScore, req =>
        {
            RequireAscScore(req);
            return new ArmResult(200, Assessments.ScoreJson(req["sub"], Assessments.Controls(req.State, req["sub"])));
        });
        r.Get("subscriptions/{sub}/providers/Microsoft.Security/secureScores/{score}/secureScoreControls", ApiFamily.SecureScore, req =>
        {
            RequireAscScore(req);
            return Controls(req);
        });
        r.Get("subscriptions/{sub}/providers/Microsoft.Security/secureScoreControls", ApiFamily.SecureScore, Controls);
    }

    private static bool Links(ArmRequest req) => req.QueryIs("$expand", "links");

    private static void RequireAscScore(ArmRequest req)
    {
        if (!req["score"].Equals("ascScore", StringComparison.OrdinalIgnoreCase))
            throw ArmErrors.NotFound($"The secure score '{req["score"]}' was not found.");
    }

    private static ArmResult Controls(ArmRequest req)
    {
        var sub = req["sub"];
        var definition = req.QueryIs("$expand", "definition");
        var controls = Assessments.Controls(req.State, sub);
        return new ArmResult(200, new JsonObject { ["value"] = new JsonArray(controls.Select(c => (JsonNode)Assessments.ControlJson(sub, c, definition)).ToArray()) });
    }

    private static JsonObject FindVm(ArmRequest req)
    {
        var type = $"{req["compute"]}/virtualMachines";
        if (!type.Equals(ResourceTypes.VirtualMachines, StringComparison.OrdinalIgnoreCase) && !type.Equals(ResourceTypes.ClassicVirtualMachines, StringComparison.OrdinalIgnoreCase))
            throw ArmErrors.NotFound($"Assessments are only simulated for virtual machines, not '{type}'.");
        return req.State.Get($"/subscriptions/{req["sub"]}/resourceGroups/{req["rg"]}/providers/{type}/{req["vm"]}")
               ?? throw ArmErrors.ResourceNotFound(type, req["vm"], req["rg"]);
    }

    /// <summary>Two assessments per VM, ordered by VM id then key; only the requested page is evaluated.</summary>
    private static ArmResult ListAssessments(ArmRequest req)
    {
        var vms = Assessments.AssessedVms(req.State, req["sub"]);
        var inPolicies = Assessments.VmsInPolicies(req.State, req["sub"]);
        var links = Links(req);
        return req.Page(vms.Count * 2, (skip, take) =>
        {
            var items = new List<JsonNode>();
            foreach (var (key, index) in vms.Skip(skip / 2).Take((take / 2) + 2).Select((k, i) => (k, i + (skip / 2))))
            {
                var vm = req.State.GetByKey(key);
                var a = Assessments.Evaluate(req.State, vm, inPolicies);
                for (var k = 0; k < 2; k++)
                {
                    var position = (index * 2) + k;
                    if (position >= skip && position < skip + take)
                        items.Add(Assessments.ToJson(vm, Assessments.Keys[k], a, links));
                }
            }
            return items;
        });
    }

    // ---------------------------------------------------------------- JIT

    private static string PolicyId(ArmRequest req)
        => $"/subscriptions/{req["sub"]}/resourceGroups/{req["rg"]}/providers/Microsoft.Security/locations/{req["location"]}/jitNetworkAccessPolicies/{req["name"]}";

    private static JsonObject FindPolicy(ArmRequest req)
        => req.State.Get(PolicyId(req)) ?? throw ArmErrors.ResourceNotFound("Microsoft.Security/locations/jitNetworkAccessPolicies", req["name"], req["rg"]);

    private static ArmResult ListPolicies(ArmRequest req, string? rg, string? location)
    {
        var keys = req.State.List(req["sub"], ResourceTypes.JitPolicies, rg);
        if (location is not null)
            keys = keys.Where(k => ComputeEndpoints.SameLocation(LocationOf(req.State.GetByKey(k)), location)).ToList();
        return req.PageKeys(keys, p => p.DeepClone());
    }

    private static string? LocationOf(JsonObject policy)
    {
        var parts = ((string)policy["id"]!).Split('/');
        var i = Array.FindIndex(parts, p => p.Equals("locations", StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : (string?)policy["location"];
    }

    private static ArmResult PutPolicy(ArmRequest req)
    {
        if (req.Body is not JsonObject body)
            throw ArmErrors.InvalidContent("The request content must be a JSON object.");
        if (body["properties"] is not JsonObject props || props["virtualMachines"] is not JsonArray vms)
            throw ArmErrors.BadRequest("The policy must contain 'properties.virtualMachines'.", "InvalidRequestFormat");
        var name = req["name"];
        var normalized = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, i) in vms.Select((v, i) => (v, i)))
        {
            if (node is not JsonObject vmEntry || vmEntry["id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var vmId))
                throw ArmErrors.BadRequest($"virtualMachines[{i}] needs an 'id'.", "InvalidRequestFormat");
            var vm = req.State.Get(vmId);
            if (vm is null || !string.Equals((string?)vm["type"], ResourceTypes.VirtualMachines, StringComparison.OrdinalIgnoreCase))
                throw ArmErrors.BadRequest($"The virtual machine '{vmId}' was not found.", "VirtualMachineNotFound");
            if (!seen.Add(ArmId.Key(vmId)))
                throw ArmErrors.BadRequest($"The virtual machine '{vmId}' appears more than once in the policy.", "InvalidRequestFormat");
            var vmName = (string)vm["name"]!;
            if (name.Length + vmName.Length > 56)
                throw ArmErrors.BadRequest($"The policy name '{name}' together with the virtual machine name '{vmName}' exceeds 56 characters.", "InvalidPolicyName");
            if (vmEntry["ports"] is not JsonArray { Count: > 0 } ports)
                throw ArmErrors.BadRequest($"The virtual machine '{vmId}' needs at least one port in 'ports'.", "InvalidRequestFormat");
            var outPorts = new JsonArray();
            var numbers = new HashSet<int>();
            foreach (var port in ports)
                outPorts.Add(ValidatePort(port as JsonObject, vmId, numbers));
            var entry = new JsonObject { ["id"] = (string)vm["id"]!, ["ports"] = outPorts };
            if (vmEntry["publicIpAddress"] is JsonValue pip)
                entry["publicIpAddress"] = pip.DeepClone();
            normalized.Add(entry);
        }

        var id = PolicyId(req);
        var existing = req.State.Get(id);
        var oldVms = existing?["properties"]?["virtualMachines"] as JsonArray;
        var policy = new JsonObject
        {
            ["id"] = (string?)existing?["id"] ?? id,
            ["name"] = name,
            ["type"] = ResourceTypes.JitPolicies,
            ["location"] = req["location"],
            ["kind"] = (string?)body["kind"] ?? "Basic",
            ["properties"] = new JsonObject
            {
                ["virtualMachines"] = normalized,
                ["requests"] = existing?["properties"]?["requests"]?.DeepClone() ?? new JsonArray(),
                ["provisioningState"] = "Succeeded",
            },
        };
        JitEffects.ApplyPolicy(req.State, (string)policy["id"]!, name, oldVms, normalized);
        req.State.Upsert(policy);
        return new ArmResult(200, policy.DeepClone());
    }

    private static JsonObject ValidatePort(JsonObject? port, string vmId, HashSet<int> numbers)
    {
        if (port is null)
            throw ArmErrors.BadRequest($"The ports of virtual machine '{vmId}' must be objects.", "InvalidRequestFormat");
        if (port["number"] is not JsonValue nv || !nv.TryGetValue<int>(out var number) || number is < 0 or > 65535)
            throw ArmErrors.BadRequest($"Port number '{port["number"]?.ToJsonString()}' of virtual machine '{vmId}' must be an integer between 0 and 65535.", "InvalidPortNumber");
        if (!numbers.Add(number))
            throw ArmErrors.BadRequest($"Port {number} appears more than once for virtual machine '{vmId}'.", "InvalidRequestFormat");
        var protocol = port["protocol"] is JsonValue pv && pv.TryGetValue<string>(out var ps) ? ps : null;
        protocol = new[] { "TCP", "UDP", "*" }.FirstOrDefault(p => p.Equals(protocol, StringComparison.OrdinalIgnoreCase))
            ?? throw ArmErrors.BadRequest($"Port {number} of virtual machine '{vmId}' has invalid protocol '{protocol}'. Allowed: TCP, UDP, *.", "InvalidProtocol");
        var durationText = port["maxRequestAccessDuration"] is JsonValue dv && dv.TryGetValue<string>(out var ds) ? ds : null;
        TimeSpan duration;
        try
        {
            duration = XmlConvert.ToTimeSpan(durationText ?? "");
        }
        catch (FormatException)
        {
            throw ArmErrors.BadRequest($"Port {number} of virtual machine '{vmId}' needs 'maxRequestAccessDuration' as an ISO 8601 duration (e.g. PT3H); got '{durationText}'.", "InvalidDuration");
        }
        if (duration < TimeSpan.FromMinutes(5) || duration > TimeSpan.FromDays(1))
            throw ArmErrors.BadRequest($"Port {number} of virtual machine '{vmId}': maxRequestAccessDuration must be between PT5M and PT24H; got '{durationText}'.", "InvalidDuration");
        var single = port["allowedSourceAddressPrefix"];
        var many = port["allowedSourceAddressPrefixes"];
        if ((single is null) == (many is null))
            throw ArmErrors.BadRequest($"Port {number} of virtual machine '{vmId}' needs exactly one of 'allowedSourceAddressPrefix' and 'allowedSourceAddressPrefixes'.", "InvalidSourceAddressPrefix");
        var result = new JsonObject { ["number"] = number, ["protocol"] = protocol };
        if (single is not null)
        {
            if (single is not JsonValue sv || !sv.TryGetValue<string>(out var s) || s.Length == 0)
                throw ArmErrors.BadRequest($"Port {number} of virtual machine '{vmId}': 'allowedSourceAddressPrefix' must be a non-empty string.", "InvalidSourceAddressPrefix");
            result["allowedSourceAddressPrefix"] = s;
        }
        else
        {
            if (many is not JsonArray { Count: > 0 } arr || arr.Any(x => x is not JsonValue xv || !xv.TryGetValue<string>(out _)))
                throw ArmErrors.BadRequest($"Port {number} of virtual machine '{vmId}': 'allowedSourceAddressPrefixes' must be a non-empty array of strings.", "InvalidSourceAddressPrefix");
            result["allowedSourceAddressPrefixes"] = arr.DeepClone();
        }
        result["maxRequestAccessDuration"] = durationText;
        return result;
    }

    private static ArmResult DeletePolicy(ArmRequest req)
    {
        var id = PolicyId(req);
        if (req.State.Get(id) is not { } policy)
            return new ArmResult(204);
        JitEffects.ApplyPolicy(req.State, (string)policy["id"]!, (string)policy["name"]!, policy["properties"]?["virtualMachines"] as JsonArray, []);
        req.State.Remove(id);
        return new ArmResult(200);
    }

    private static ArmResult Initiate(ArmRequest req)
    {
        if (!req["action"].Equals("initiate", StringComparison.OrdinalIgnoreCase))
            throw ArmErrors.NotFound($"The action '{req["action"]}' is not supported.");
        var policy = FindPolicy(req);
        if (req.Body is null)
            throw ArmErrors.InvalidContent("The request content is missing.");
        return new ArmResult(202, JitEffects.Initiate(req.State, policy, req.Body, req.CallerIp, req.Requestor));
    }
}

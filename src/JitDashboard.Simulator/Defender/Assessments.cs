using System.Text.Json.Nodes;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Defender;

/// <summary>Defender's two management-port assessments and the secure score, derived live from the state.</summary>
public static class Assessments
{
    public const string JitKey = "805651bc-6ecd-4c73-9b55-97a19d0582d0";
    public const string ClosedKey = "bc303248-3d14-44c2-96a0-55f5c326b5fe";
    public const string JitDisplayName = "Management ports of virtual machines should be protected with just-in-time network access control";
    public const string ClosedDisplayName = "Management ports should be closed on your virtual machines";

    /// <summary>The simulator's id for the "Secure management ports" control (the real GUID is not public).</summary>
    public const string SecureManagementPortsControl = "2a6b1c9e-0f3d-4b7a-8e5c-6d4f3a2b1c0e";

    public static readonly string[] Keys = [JitKey, ClosedKey];

    public sealed record Status(string Code, string? Cause, string? Description);

    public sealed record VmAssessment(Status Jit, Status Closed)
    {
        /// <summary>Healthy in both (N/A counts as healthy unless both are N/A) → healthy; null = not applicable.</summary>
        public bool? ControlHealthy => Jit.Code == "NotApplicable" && Closed.Code == "NotApplicable"
            ? null
            : Jit.Code != "Unhealthy" && Closed.Code != "Unhealthy";
    }

    /// <summary>Lower-case ids of the VMs listed in any JIT policy of the subscription.</summary>
    public static HashSet<string> VmsInPolicies(SimulatorState state, string sub)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in state.List(sub, ResourceTypes.JitPolicies))
        {
            foreach (var vm in (state.GetByKey(key)["properties"]?["virtualMachines"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if ((string?)vm["id"] is { } id)
                    set.Add(ArmId.Key(id));
            }
        }
        return set;
    }

    /// <summary>Lower-case ids of the VMs Defender assesses in a subscription (ARM and classic), in a stable order.</summary>
    public static IReadOnlyCollection<string> AssessedVms(SimulatorState state, string sub)
    {
        var classic = state.List(sub, ResourceTypes.ClassicVirtualMachines);
        var arm = state.List(sub, ResourceTypes.VirtualMachines);
        return classic.Count == 0 ? arm : arm.Concat(classic).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A classic VM's input endpoint forwards a public port straight to it: a management port behind one is open.</summary>
    private static bool ClassicEndpointOpen(JsonObject vm) =>
        string.Equals((string?)vm["type"], ResourceTypes.ClassicVirtualMachines, StringComparison.OrdinalIgnoreCase)
        && (vm["properties"]?["networkProfile"]?["inputEndpoints"]?.AsArray() ?? [])
            .Any(e => e?["privatePort"]?.GetValue<int>() is 22 or 3389 or 5985 or 5986);

    /// <summary>Why JIT cannot protect this VM, or null when it can.</summary>
    public static string? UnsupportedReason(JsonObject vm, List<VmPath> paths)
    {
        if (string.Equals((string?)vm["type"], ResourceTypes.ClassicVirtualMachines, StringComparison.OrdinalIgnoreCase))
            return "Classic VM";
        if (vm["properties"]?["virtualMachineScaleSet"] is not null)
            return "Scale set instance";
        if (!paths.Any(p => p.NicNsg is not null || p.SubnetNsg is not null))
            return "Missing network security group";
        return null;
    }

    public static VmAssessment Evaluate(SimulatorState state, JsonObject vm, HashSet<string> inPolicies)
    {
        var paths = Exposure.Paths(state, vm);
        var open = Exposure.AnyManagementPortOpen(paths) || ClassicEndpointOpen(vm);
        var closed = open
            ? new Status("Unhealthy", null, "Management ports are open to the Internet")
            : new Status("Healthy", null, null);
        Status jit;
        if (UnsupportedReason(vm, paths) is { } reason)
            jit = new Status("NotApplicable", "Unsupported", $"Just-in-time network access is not supported for this VM: {reason}");
        else if (inPolicies.Contains(ArmId.Key((string)vm["id"]!)))
            jit = new Status("Healthy", null, null);
        else if (open)
            jit = new Status("Unhealthy", null, "Management ports are open and not protected by just-in-time network access control");
        else
            jit = new Status("Healthy", null, null);
        return new VmAssessment(jit, closed);
    }

    public static JsonObject ToJson(JsonObject vm, string key, VmAssessment a, bool links)
    {
        var vmId = (string)vm["id"]!;
        var status = key == JitKey ? a.Jit : a.Closed;
        var statusJson = new JsonObject { ["code"] = status.Code };
        if (status.Cause is not null)
            statusJson["cause"] = status.Cause;
        if (status.Description is not null)
            statusJson["description"] = status.Description;
        var props = new JsonObject
        {
            ["resourceDetails"] = new JsonObject { ["source"] = "Azure", ["id"] = vmId },
            ["displayName"] = key == JitKey ? JitDisplayName : ClosedDisplayName,
            ["status"] = statusJson,
            ["additionalData"] = new JsonObject(),
        };
        if (links)
            props["links"] = new JsonObject { ["azurePortalUri"] = $"https://portal.azure.com/#blade/Microsoft_Azure_Security/RecommendationsBlade/assessmentKey/{key}" };
        return new JsonObject
        {
            ["id"] = $"{vmId}/providers/Microsoft.Security/assessments/{key}",
            ["name"] = key,
            ["type"] = "Microsoft.Security/assessments",
            ["properties"] = props,
        };
    }

    // ---------------------------------------------------------------- secure score

    public sealed record Control(string Id, string DisplayName, int Max, double Current, int Healthy, int Unhealthy, int NotApplicable, string[] AssessmentKeys);

    /// <summary>Secure management ports (live) plus three static controls whose points depend only on the subscription id.</summary>
    public static List<Control> Controls(SimulatorState state, string sub)
    {
        int healthy = 0, unhealthy = 0, na = 0;
        var inPolicies = VmsInPolicies(state, sub);
        foreach (var key in AssessedVms(state, sub))
        {
            switch (Evaluate(state, state.GetByKey(key), inPolicies).ControlHealthy)
            {
                case true: healthy++; break;
                case false: unhealthy++; break;
                default: na++; break;
            }
        }
        var current = healthy + unhealthy == 0 ? 0 : Math.Round(8.0 * healthy / (healthy + unhealthy), 2);
        var seed = StableHash(sub.ToLowerInvariant());
        var mfa = (int)(seed % 11);
        var updates = (int)(seed / 11 % 7);
        var network = (int)(seed / 77 % 5);
        return
        [
            new(SecureManagementPortsControl, "Secure management ports", 8, current, healthy, unhealthy, na, [JitKey, ClosedKey]),
            new("34a42fb3-e6db-409c-b56b-7b1db6b8aee0", "Enable MFA", 10, mfa, mfa, 10 - mfa, 0, ["57e98606-6b1e-6193-0e3d-fe621387c16b"]),
            new("4db8d6cf-075b-4149-a813-da09ca2ae120", "Apply system updates", 6, updates, updates, 6 - updates, 0, ["4ab6e3c5-74dd-8b35-9ab9-f61b30875b27"]),
            new("f9d5432b-8f7b-45e9-b90c-e214a30f6a02", "Restrict unauthorized network access", 4, network, network, 4 - network, 0, ["483f12ed-ae23-447e-a2de-a67a10db4353"]),
        ];
    }

    private static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s)
            h = (h ^ c) * 16777619u;
        return h;
    }

    public static JsonObject ScoreJson(string sub, List<Control> controls)
    {
        var max = controls.Sum(c => c.Max);
        var current = Math.Round(controls.Sum(c => c.Current), 2);
        return new JsonObject
        {
            ["id"] = $"/subscriptions/{sub}/providers/Microsoft.Security/secureScores/ascScore",
            ["name"] = "ascScore",
            ["type"] = "Microsoft.Security/secureScores",
            ["properties"] = new JsonObject
            {
                ["displayName"] = "ASC score",
                ["score"] = Score(max, current),
                ["weight"] = (long)controls.Sum(c => c.Healthy + c.Unhealthy),
            },
        };
    }

    public static JsonObject ControlJson(string sub, Control c, bool definition)
    {
        var props = new JsonObject
        {
            ["displayName"] = c.DisplayName,
            ["healthyResourceCount"] = c.Healthy,
            ["unhealthyResourceCount"] = c.Unhealthy,
            ["notApplicableResourceCount"] = c.NotApplicable,
            ["score"] = Score(c.Max, c.Current),
            ["weight"] = (long)(c.Healthy + c.Unhealthy),
        };
        if (definition)
        {
            props["definition"] = new JsonObject
            {
                ["id"] = $"/providers/Microsoft.Security/secureScoreControlDefinitions/{c.Id}",
                ["name"] = c.Id,
                ["type"] = "Microsoft.Security/secureScoreControlDefinitions",
                ["properties"] = new JsonObject
                {
                    ["source"] = new JsonObject { ["sourceType"] = "BuiltIn" },
                    ["displayName"] = c.DisplayName,
                    ["maxScore"] = c.Max,
                    ["assessmentDefinitions"] = new JsonArray(c.AssessmentKeys
                        .Select(k => (JsonNode)new JsonObject { ["id"] = $"/providers/Microsoft.Security/assessmentMetadata/{k}" }).ToArray()),
                },
            };
        }
        return new JsonObject
        {
            ["id"] = $"/subscriptions/{sub}/providers/Microsoft.Security/secureScores/ascScore/secureScoreControls/{c.Id}",
            ["name"] = c.Id,
            ["type"] = "Microsoft.Security/secureScores/secureScoreControls",
            ["properties"] = props,
        };
    }

    private static JsonObject Score(int max, double current) => new()
    {
        ["max"] = max,
        ["current"] = current,
        ["percentage"] = max == 0 ? 0.0 : Math.Round(current / max, 4),
    };
}

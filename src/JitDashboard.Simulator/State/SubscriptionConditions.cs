using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace JitDashboard.Simulator.State;

/// <summary>
/// The partial states a real subscription is in: lifecycle state, unregistered resource providers, permission gaps of
/// the caller, Azure Policy denials and the Defender for Servers plan. Set from the estate file's <c>subscriptions[]</c>
/// objects and from <c>PUT /_simulator/subscriptions/{id}/conditions</c>; immutable (a change builds a new one).
/// </summary>
public sealed partial record SubscriptionConditions
{
    public const string ClassicCompute = "Microsoft.ClassicCompute";

    public static readonly string[] States = ["Enabled", "Warned", "PastDue", "Disabled", "Expired", "Deleted"];

    /// <summary>The keys an estate subscription object and the control API accept, besides subscriptionId and displayName.</summary>
    public static readonly string[] Keys = ["state", "unregisteredNamespaces", "deniedActions", "defenderForServers", "policyDenials", "classicComputeErrorStatus"];

    public static readonly DefenderPlan DefaultDefender = new("Standard", "P2");

    public string State { get; init; } = "Enabled";
    public IReadOnlyList<string> UnregisteredNamespaces { get; init; } = [];
    public IReadOnlyList<DeniedAction> DeniedActions { get; init; } = [];
    public DefenderPlan DefenderForServers { get; init; } = DefaultDefender;
    public IReadOnlyList<PolicyDenial> PolicyDenials { get; init; } = [];
    /// <summary>What a ClassicCompute call answers while the namespace is unregistered: 409 (null) or 400.</summary>
    public int? ClassicComputeErrorStatus { get; init; }

    /// <summary>Disabled and Expired subscriptions are read only (GET and DELETE still work).</summary>
    public bool ReadOnly => State is "Disabled" or "Expired";

    public bool Deleted => State == "Deleted";

    /// <summary>A <c>*</c> denial: the caller has no role at all, so the subscription is not even listed.</summary>
    public bool NoAccess => DeniedActions.Any(d => d.Action == "*" && d.Scope is null);

    public bool IsRegistered(string ns) => !UnregisteredNamespaces.Contains(ns, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The conditions a subscription gets when its estate object says nothing: healthy, except that
    /// Microsoft.ClassicCompute (retired in 2023) is unregistered unless the subscription holds classic VMs.
    /// </summary>
    public static SubscriptionConditions Default(bool hasClassicVms) => new()
    {
        UnregisteredNamespaces = hasClassicVms ? [] : [ClassicCompute],
    };

    /// <summary>
    /// These conditions with the keys present in <paramref name="o"/> replaced (absent keys stay); throws
    /// <see cref="ArgumentException"/> with a clear message on bad input.
    /// </summary>
    public SubscriptionConditions With(JsonObject o, string subscriptionId)
    {
        var result = this;
        if (o.TryGetPropertyValue("state", out var state))
        {
            var text = String(state, "state");
            result = result with
            {
                State = States.FirstOrDefault(s => s.Equals(text, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ArgumentException($"'state' must be one of {string.Join(", ", States)}; got '{text}'."),
            };
        }
        if (o.TryGetPropertyValue("unregisteredNamespaces", out var namespaces))
        {
            var list = new List<string>();
            foreach (var (item, i) in Array(namespaces, "unregisteredNamespaces").Select((n, i) => (n, i)))
            {
                var ns = String(item, $"unregisteredNamespaces[{i}]");
                if (!NamespacePattern().IsMatch(ns))
                    throw new ArgumentException($"unregisteredNamespaces[{i}] must be a resource provider namespace such as 'Microsoft.Network'; got '{ns}'.");
                if (!list.Contains(ns, StringComparer.OrdinalIgnoreCase))
                    list.Add(ns);
            }
            result = result with { UnregisteredNamespaces = list };
        }
        if (o.TryGetPropertyValue("deniedActions", out var denied))
        {
            var list = new List<DeniedAction>();
            foreach (var (item, i) in Array(denied, "deniedActions").Select((n, i) => (n, i)))
            {
                var where = $"deniedActions[{i}]";
                DeniedAction entry = item switch
                {
                    JsonValue => new DeniedAction(String(item, where), null),
                    JsonObject e => new DeniedAction(String(e["action"], where + ".action"),
                        e["scope"] is null ? null : Scope(String(e["scope"], where + ".scope"), subscriptionId, where + ".scope")),
                    _ => throw new ArgumentException($"{where} must be an action string or {{\"action\", \"scope\"?}}."),
                };
                if (!ActionPattern().IsMatch(entry.Action))
                    throw new ArgumentException($"{where}: '{entry.Action}' is not an RBAC action such as 'Microsoft.Security/assessments/read' (or '*').");
                list.Add(entry);
            }
            result = result with { DeniedActions = list };
        }
        if (o.TryGetPropertyValue("defenderForServers", out var defender))
        {
            if (defender is not JsonObject d)
                throw new ArgumentException("'defenderForServers' must be an object: {\"pricingTier\": \"Free\"|\"Standard\", \"subPlan\"?: \"P1\"|\"P2\"}.");
            result = result with { DefenderForServers = Plan(d, "defenderForServers") };
        }
        if (o.TryGetPropertyValue("policyDenials", out var policies))
        {
            var list = new List<PolicyDenial>();
            foreach (var (item, i) in Array(policies, "policyDenials").Select((n, i) => (n, i)))
            {
                var where = $"policyDenials[{i}]";
                if (item is not JsonObject p)
                    throw new ArgumentException($"{where} must be an object: {{\"resourceType\", \"policyAssignmentName\"?, \"scope\"?}}.");
                var type = String(p["resourceType"], where + ".resourceType");
                if (!TypePattern().IsMatch(type))
                    throw new ArgumentException($"{where}.resourceType must be a resource type such as 'Microsoft.Security/locations/jitNetworkAccessPolicies'; got '{type}'.");
                var name = p["policyAssignmentName"] is null ? null : String(p["policyAssignmentName"], where + ".policyAssignmentName");
                if (name is { Length: 0 })
                    throw new ArgumentException($"{where}.policyAssignmentName must not be empty.");
                var scope = p["scope"] is null ? null : Scope(String(p["scope"], where + ".scope"), subscriptionId, where + ".scope");
                list.Add(new PolicyDenial(type, name, scope));
            }
            result = result with { PolicyDenials = list };
        }
        if (o.TryGetPropertyValue("classicComputeErrorStatus", out var status))
        {
            int? value = status switch
            {
                null => null,
                JsonValue v when v.TryGetValue<int>(out var s) && s is 400 or 409 => s,
                _ => throw new ArgumentException("'classicComputeErrorStatus' must be 400, 409 or null."),
            };
            result = result with { ClassicComputeErrorStatus = value == 409 ? null : value };
        }
        return result;
    }

    /// <summary>Parses a <c>{"pricingTier", "subPlan"?}</c> object (the Defender for Servers plan).</summary>
    public static DefenderPlan Plan(JsonObject d, string where)
    {
        var tierText = String(d["pricingTier"], where + ".pricingTier");
        var tier = new[] { "Free", "Standard" }.FirstOrDefault(t => t.Equals(tierText, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"{where}.pricingTier must be 'Free' or 'Standard'; got '{tierText}'.");
        var subPlanText = d["subPlan"] is null ? null : String(d["subPlan"], where + ".subPlan");
        var subPlan = subPlanText is null ? null : new[] { "P1", "P2" }.FirstOrDefault(p => p.Equals(subPlanText, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"{where}.subPlan must be 'P1' or 'P2'; got '{subPlanText}'.");
        if (tier == "Free" && subPlan is not null)
            throw new ArgumentException($"{where}.subPlan is only for the Standard tier.");
        return new DefenderPlan(tier, tier == "Standard" ? subPlan ?? "P2" : null);
    }

    /// <summary>Every key, explicitly: what <c>GET /_simulator/estate</c> and the control API show.</summary>
    public void WriteTo(JsonObject o)
    {
        o["state"] = State;
        o["unregisteredNamespaces"] = new JsonArray(UnregisteredNamespaces.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
        o["deniedActions"] = new JsonArray(DeniedActions.Select(d => d.Scope is null
            ? (JsonNode)JsonValue.Create(d.Action)!
            : new JsonObject { ["action"] = d.Action, ["scope"] = d.Scope }).ToArray());
        var plan = new JsonObject { ["pricingTier"] = DefenderForServers.PricingTier };
        if (DefenderForServers.SubPlan is not null)
            plan["subPlan"] = DefenderForServers.SubPlan;
        o["defenderForServers"] = plan;
        o["policyDenials"] = new JsonArray(PolicyDenials.Select(p =>
        {
            var entry = new JsonObject { ["resourceType"] = p.ResourceType };
            if (p.PolicyAssignmentName is not null)
                entry["policyAssignmentName"] = p.PolicyAssignmentName;
            if (p.Scope is not null)
                entry["scope"] = p.Scope;
            return (JsonNode)entry;
        }).ToArray());
        o["classicComputeErrorStatus"] = ClassicComputeErrorStatus;
    }

    public JsonObject ToJson()
    {
        var o = new JsonObject();
        WriteTo(o);
        return o;
    }

    /// <summary>Whether <paramref name="scope"/> is <paramref name="parent"/> or below it (ARM ids compare case-insensitively).</summary>
    public static bool Within(string scope, string parent)
    {
        var p = parent.TrimEnd('/');
        return scope.StartsWith(p, StringComparison.OrdinalIgnoreCase) && (scope.Length == p.Length || scope[p.Length] == '/');
    }

    /// <summary>Whether <paramref name="granted"/> (an action, possibly with <c>*</c> wildcards) covers <paramref name="action"/>.</summary>
    public static bool Covers(string granted, string action)
    {
        var pattern = "^" + Regex.Escape(granted).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(action, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static string Scope(string scope, string subscriptionId, string where)
    {
        if (!Within(scope, "/subscriptions/" + subscriptionId) || scope.Contains("//", StringComparison.Ordinal))
            throw new ArgumentException($"{where} must be '/subscriptions/{subscriptionId}' or a scope below it; got '{scope}'.");
        return scope.TrimEnd('/');
    }

    private static string String(JsonNode? node, string where)
        => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : throw new ArgumentException($"'{where}' must be a non-empty string.");

    private static JsonArray Array(JsonNode? node, string where)
        => node as JsonArray ?? throw new ArgumentException($"'{where}' must be an array.");

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^(\*|[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+(/[A-Za-z0-9*]+)+)$")]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+(/[A-Za-z0-9]+)+$")]
    private static partial Regex TypePattern();
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.State;

/// <summary>
/// The in-memory ARM store: resources as JsonObjects keyed by lower-case id, with indexes by
/// (subscription, type) and (subscription, resource group, type) so lists never scan everything.
/// Every member must be called while holding <see cref="Gate"/>: one coarse lock keeps the JSON trees
/// consistent, and the work under it is small (ARM pages are 100 items).
/// </summary>
public sealed partial class SimulatorState
{
    public const string TenantId = "5a1d0c3e-7b2f-4e8a-9c61-0d3f2b4a6e10";

    private Store _s = new();

    public object Gate { get; } = new();

    public SimulatorClock Clock { get; } = new();

    /// <summary>Earliest endTimeUtc of an active JIT grant; lets the expiry sweep skip work.</summary>
    public DateTimeOffset NextExpiry { get; set; } = DateTimeOffset.MinValue;

    private sealed class Store
    {
        public readonly Dictionary<string, JsonObject> Resources = new(StringComparer.Ordinal);
        public readonly Dictionary<string, SortedSet<string>> Index = new(StringComparer.Ordinal);
        public readonly Dictionary<string, (JsonObject Subnet, string VnetKey)> Subnets = new(StringComparer.Ordinal);
        public readonly Dictionary<string, JsonObject> InstanceViews = new(StringComparer.Ordinal);
        public readonly Dictionary<string, SortedSet<string>> NsgNics = new(StringComparer.Ordinal);
        public readonly Dictionary<string, SortedSet<string>> NsgSubnets = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string> PublicIpConfigurations = new(StringComparer.Ordinal);
        /// <summary>Load balancer inbound NAT rule or backend pool (key) → the NIC ip configuration ids that name it.</summary>
        public readonly Dictionary<string, SortedSet<string>> LoadBalancerBackends = new(StringComparer.Ordinal);
        public readonly SortedDictionary<string, JsonObject> Subscriptions = new(StringComparer.Ordinal);
        public readonly HashSet<string> ResourceGroups = new(StringComparer.Ordinal);
        public readonly Dictionary<string, SubscriptionConditions> Conditions = new(StringComparer.Ordinal);
    }

    // ---------------------------------------------------------------- estate

    /// <summary>Validates an estate file and replaces the whole state with it (atomically: on error nothing changes).</summary>
    public void LoadEstate(JsonObject estate)
    {
        if (estate["subscriptions"] is not JsonArray subs)
            throw new InvalidEstateException("The estate needs a 'subscriptions' array.");
        if (estate["resources"] is not JsonArray resources)
            throw new InvalidEstateException("The estate needs a 'resources' array.");
        var store = new Store();
        var conditionObjects = new List<(string Id, JsonObject Subscription, int Index)>();
        foreach (var (sub, i) in subs.Select((s, i) => (s, i)))
        {
            var id = (sub as JsonObject)?["subscriptionId"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
            if (string.IsNullOrWhiteSpace(id) || !Guid.TryParse(id, out _))
                throw new InvalidEstateException($"subscriptions[{i}] needs a 'subscriptionId' that is a GUID.");
            var displayName = sub!["displayName"] is JsonValue d && d.TryGetValue<string>(out var dn) ? dn : id;
            store.Subscriptions[id.ToLowerInvariant()] = NewSubscription(id, displayName);
            conditionObjects.Add((id, (JsonObject)sub, i));
        }
        var old = _s;
        _s = store;
        try
        {
            foreach (var (node, i) in resources.Select((r, i) => (r, i)))
            {
                // Some ARM answers carry no type (a firewall policy's rule collection groups): the id says it then.
                if (node is not JsonObject r || r["id"]?.GetValueKind() != JsonValueKind.String
                    || (r["type"] is not null && r["type"]!.GetValueKind() != JsonValueKind.String))
                    throw new InvalidEstateException($"resources[{i}] needs an 'id' string and, when it has one, a 'type' string.");
                var id = (string?)r["id"];
                if (ArmId.TryParse(id) is null)
                    throw new InvalidEstateException($"resources[{i}]: '{id}' is not an ARM resource id (/subscriptions/.../providers/...).");
                try
                {
                    Upsert((JsonObject)r.DeepClone());
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException)
                {
                    throw new InvalidEstateException($"resources[{i}] ('{id}'): {e.Message}");
                }
            }
            // Conditions last: the default registration of Microsoft.ClassicCompute depends on the resources.
            foreach (var (id, sub, i) in conditionObjects)
            {
                try
                {
                    SetConditions(id, ConditionsFor(id).With(sub, id));
                }
                catch (ArgumentException e)
                {
                    throw new InvalidEstateException($"subscriptions[{i}] ('{id}'): {e.Message}");
                }
            }
        }
        catch
        {
            _s = old;
            throw;
        }
        NextExpiry = DateTimeOffset.MinValue;
    }

    /// <summary>The state as an estate file; VMs carry their instance view so power state round-trips.</summary>
    public JsonObject DumpEstate()
    {
        var resources = new JsonArray();
        foreach (var (key, r) in _s.Resources.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var copy = Render(r);
            if (IsType(r, ResourceTypes.VirtualMachines) && _s.InstanceViews.TryGetValue(key, out var iv))
                ((JsonObject)copy["properties"]!)["instanceView"] = iv.DeepClone();
            resources.Add(copy);
        }
        return new JsonObject
        {
            ["subscriptions"] = new JsonArray(_s.Subscriptions.Values
                .Select(s =>
                {
                    var o = new JsonObject { ["subscriptionId"] = s["subscriptionId"]!.DeepClone(), ["displayName"] = s["displayName"]!.DeepClone() };
                    ConditionsFor((string)s["subscriptionId"]!).WriteTo(o);
                    return (JsonNode)o;
                })
                .ToArray()),
            ["resources"] = resources,
        };
    }

    // ---------------------------------------------------------------- subscriptions and groups

    public IEnumerable<JsonObject> Subscriptions => _s.Subscriptions.Values;

    public JsonObject? GetSubscription(string id) => _s.Subscriptions.GetValueOrDefault(id.ToLowerInvariant());

    /// <summary>The subscription's partial states; the defaults (see <see cref="SubscriptionConditions.Default"/>) when none were set.</summary>
    public SubscriptionConditions ConditionsFor(string sub)
    {
        var key = sub.ToLowerInvariant();
        return _s.Conditions.TryGetValue(key, out var c)
            ? c
            : SubscriptionConditions.Default(List(sub, ResourceTypes.ClassicVirtualMachines).Count > 0);
    }

    /// <summary>Replaces a subscription's conditions; its <c>state</c> field follows.</summary>
    public void SetConditions(string sub, SubscriptionConditions conditions)
    {
        var key = sub.ToLowerInvariant();
        _s.Conditions[key] = conditions;
        if (_s.Subscriptions.TryGetValue(key, out var s))
            s["state"] = conditions.State;
    }

    public bool ResourceGroupExists(string sub, string rg) => _s.ResourceGroups.Contains(sub.ToLowerInvariant() + "|" + rg.ToLowerInvariant());

    private static JsonObject NewSubscription(string id, string displayName) => new()
    {
        ["id"] = "/subscriptions/" + id,
        ["authorizationSource"] = "RoleBased",
        ["managedByTenants"] = new JsonArray(),
        ["subscriptionId"] = id,
        ["tenantId"] = TenantId,
        ["displayName"] = displayName,
        ["state"] = "Enabled",
        ["subscriptionPolicies"] = new JsonObject
        {
            ["locationPlacementId"] = "Public_2014-09-01",
            ["quotaId"] = "PayAsYouGo_2014-09-01",
            ["spendingLimit"] = "Off",
        },
    };

    // ---------------------------------------------------------------- resources

    public int Count => _s.Resources.Count;

    public JsonObject? Get(string id) => _s.Resources.GetValueOrDefault(ArmId.Key(id));

    public JsonObject? GetSubnet(string id) => _s.Subnets.TryGetValue(ArmId.Key(id), out var e) ? e.Subnet : null;

    /// <summary>Ids (lower-case, sorted) of a type in a subscription, optionally one resource group.</summary>
    public IReadOnlyCollection<string> List(string sub, string type, string? rg = null)
        => _s.Index.TryGetValue(IndexKey(sub, rg, type), out var set) ? set : [];

    public JsonObject GetByKey(string key) => _s.Resources[key];

    /// <summary>Adds or replaces a resource, normalising it to what ARM returns and updating every index.</summary>
    public void Upsert(JsonObject resource)
    {
        var id = (string)resource["id"]!;
        var arm = ArmId.TryParse(id) ?? throw new ArgumentException($"'{id}' is not an ARM id.", nameof(resource));
        var key = ArmId.Key(id);
        if (_s.Resources.TryGetValue(key, out var previous))
            Unindex(key, previous);
        resource["name"] ??= arm.Name;
        var type = (string?)resource["type"] ?? arm.Type;
        resource["type"] = type;
        Normalize(resource, type);
        _s.Resources[key] = resource;
        var sub = arm.Subscription.ToLowerInvariant();
        if (!_s.Subscriptions.ContainsKey(sub))
            _s.Subscriptions[sub] = NewSubscription(arm.Subscription, arm.Subscription);
        Add(IndexKey(arm.Subscription, null, type), key);
        if (arm.ResourceGroup is not null)
        {
            _s.ResourceGroups.Add(sub + "|" + arm.ResourceGroup.ToLowerInvariant());
            Add(IndexKey(arm.Subscription, arm.ResourceGroup, type), key);
        }
        IndexRelations(key, resource, type);
    }

    public bool Remove(string id)
    {
        var key = ArmId.Key(id);
        if (!_s.Resources.Remove(key, out var r))
            return false;
        Unindex(key, r);
        return true;
    }

    public static void Touch(JsonObject resource) => resource["etag"] = NewEtag();

    /// <summary>
    /// A resource changed by the simulator itself (Defender writing JIT rules, an expiry closing them): touched, and
    /// journaled so that Event Grid reports it as Azure would (<see cref="TakeSideEffects"/>).
    /// </summary>
    public void MarkChanged(JsonObject resource)
    {
        Touch(resource);
        if ((string?)resource["id"] is { } id) _sideEffects.Add(id);
    }

    private readonly List<string> _sideEffects = [];

    /// <summary>The ids written as side effects since the last call (distinct, in order).</summary>
    public IReadOnlyList<string> TakeSideEffects()
    {
        if (_sideEffects.Count == 0) return [];
        var taken = _sideEffects.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        _sideEffects.Clear();
        return taken;
    }

    public static string NewEtag() => $"W/\"{Guid.NewGuid()}\"";
}

namespace JitDashboard.Simulator.Arm;

/// <summary>
/// The Azure RBAC action of an ARM request, derived from its method and path the way ARM does (the same rules as the
/// dashboard's own map, kept here so that the simulator stays self-contained): the resource type after the last
/// <c>providers/{namespace}</c> (extension resources such as assessments on a VM included), <c>read</c> for GET,
/// <c>write</c> for PUT/PATCH, <c>delete</c> for DELETE, <c>{action}/action</c> for a POST; a list is a read of its type;
/// JIT policy lists at subscription or resource-group scope are reads of <c>locations/jitNetworkAccessPolicies</c>.
/// </summary>
public static class RbacActions
{
    /// <summary>The request's action, or null for a path outside <c>/subscriptions/{id}</c>.</summary>
    public static RbacRequest? For(string method, string[] segments)
    {
        if (segments.Length < 2 || !segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
            return null;
        var verb = method.ToUpperInvariant();
        var providers = Array.FindLastIndex(segments, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
        if (providers < 0 || providers + 2 >= segments.Length)
        {
            // /subscriptions/{id}[/resourceGroups[/{rg}]] and /subscriptions/{id}/providers[/{namespace}]: Microsoft.Resources.
            var scope = "/" + string.Join('/', segments[..Math.Min(segments.Length, providers < 0 ? segments.Length : providers)]);
            if (providers >= 0)
                return new RbacRequest("Microsoft.Resources/subscriptions/providers/read", scope, null, null, null);
            var type = segments.Length >= 3 ? "Microsoft.Resources/subscriptions/resourceGroups" : "Microsoft.Resources/subscriptions";
            return new RbacRequest(type + "/" + Verb(verb), scope, null, null, null);
        }

        var ns = segments[providers + 1];
        var rest = segments[(providers + 2)..];
        // Types sit at even positions (type, name, type, name, ...); a POST's odd trailing segment is the action.
        var types = new List<string>();
        string? action = null;
        for (var i = 0; i < rest.Length; i += 2)
        {
            if (verb == "POST" && i == rest.Length - 1 && types.Count > 0)
                action = rest[i];
            else
                types.Add(rest[i]);
        }

        // A JIT policy list at subscription or resource-group scope is a read of the located type.
        if (ns.Equals("Microsoft.Security", StringComparison.OrdinalIgnoreCase) && types is ["jitNetworkAccessPolicies"])
            types = ["locations", "jitNetworkAccessPolicies"];

        var resourceType = ns + "/" + string.Join('/', types);
        var rbac = action is not null ? $"{resourceType}/{action}/action" : $"{resourceType}/{Verb(verb)}";

        // The scope: the resource itself; for an action its resource; for a list (odd trailing type) the parent
        // (a subscription-level list of a provider's type is checked over the subscription or resource group).
        var end = segments.Length;
        string? name = null;
        if (rest.Length % 2 == 1)
        {
            end--;
            if (rest.Length == 1)
                end -= 2;
        }
        if (end > providers + 2)
            name = segments[end - 1];
        return new RbacRequest(rbac, "/" + string.Join('/', segments[..end]), ns, resourceType, name);
    }

    private static string Verb(string method) => method switch
    {
        "GET" or "HEAD" => "read",
        "PUT" or "PATCH" => "write",
        "DELETE" => "delete",
        _ => "action",
    };
}

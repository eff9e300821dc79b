namespace JitDashboard.Platform.Arm;

/// <summary>
/// The Azure RBAC action an ARM request needs, derived from its method and path the way ARM does: the resource
/// type after the last <c>providers/{namespace}</c> (extension resources such as assessments on a VM included),
/// <c>read</c> for GET, <c>write</c> for PUT/PATCH, <c>delete</c> for DELETE, <c>{action}/action</c> for a POST.
/// The app's role files (deploy/roles) must cover every action this returns for the app's requests.
/// </summary>
public static class ArmActions
{
    /// <summary>The action, or null for a path that is not an ARM resource path.</summary>
    public static string? Required(string method, string path)
    {
        var segments = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || !segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
            return null;
        var verb = method.ToUpperInvariant();

        var providers = Array.FindLastIndex(segments, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
        if (providers < 0 || providers + 1 >= segments.Length)
        {
            // /subscriptions[/{id}[/resourceGroups[/{rg}]]] and /subscriptions/{id}/providers: Microsoft.Resources.
            if (providers >= 0)
                return "Microsoft.Resources/subscriptions/providers/read";
            var type = segments.Length >= 3 ? "Microsoft.Resources/subscriptions/resourceGroups" : "Microsoft.Resources/subscriptions";
            return type + "/" + Verb(verb);
        }

        var ns = segments[providers + 1];
        var rest = segments[(providers + 2)..];
        if (rest.Length == 0)
            return "Microsoft.Resources/subscriptions/providers/read";

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
        return action is not null ? $"{resourceType}/{action}/action" : $"{resourceType}/{Verb(verb)}";
    }

    private static string Verb(string method) => method switch
    {
        "GET" or "HEAD" => "read",
        "PUT" or "PATCH" => "write",
        "DELETE" => "delete",
        _ => "action",
    };

    /// <summary>Whether <paramref name="granted"/> (an action, possibly with <c>*</c> wildcards) covers <paramref name="action"/>.</summary>
    public static bool Covers(string granted, string action)
    {
        var pattern = "^" + System.Text.RegularExpressions.Regex.Escape(granted).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(action, pattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }
}

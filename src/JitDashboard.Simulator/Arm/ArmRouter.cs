using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.State;
using Microsoft.AspNetCore.Http;

namespace JitDashboard.Simulator.Arm;

/// <summary>A tiny case-insensitive router: ARM's fixed segments match in any case, <c>{name}</c> captures one segment.</summary>
public sealed class ArmRouter
{
    /// <summary>A route; <see cref="Namespace"/> and <see cref="Type"/> are the resource type it serves (null for ARM's own routes).</summary>
    public sealed record Route(string Method, string[] Segments, ApiFamily Family, Func<ArmRequest, ArmResult> Handler, string? Namespace, string? Type);

    private readonly List<Route> _routes = [];

    public void Map(string method, string pattern, ApiFamily family, Func<ArmRequest, ArmResult> handler)
    {
        var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (ns, type) = ResourceType(segments);
        _routes.Add(new Route(method, segments, family, handler, ns, type));
    }

    public void Get(string pattern, ApiFamily family, Func<ArmRequest, ArmResult> handler) => Map("GET", pattern, family, handler);

    /// <summary>The resource types the routes serve: namespace (as spelt in the routes) → type → family.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, ApiFamily>> ServedTypes()
    {
        var served = new Dictionary<string, Dictionary<string, ApiFamily>>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in _routes.Where(r => r.Namespace is not null && r.Type is not null))
        {
            if (!served.TryGetValue(route.Namespace!, out var types))
                served[route.Namespace!] = types = new Dictionary<string, ApiFamily>(StringComparer.OrdinalIgnoreCase);
            types.TryAdd(route.Type!, route.Family);
        }
        return served;
    }

    /// <summary>
    /// The namespace and resource type of a path (pattern or request), from its last <c>providers</c> segment: the
    /// type names are the segments after the namespace at even positions, up to the first placeholder there
    /// (<c>.../Microsoft.Network/networkSecurityGroups/{name}/securityRules/{rule}</c> → networkSecurityGroups/securityRules).
    /// A path without one, or whose namespace is a placeholder, gives nulls; a namespace with no type gives a null type.
    /// </summary>
    public static (string? Namespace, string? Type) ResourceType(IReadOnlyList<string> segments)
    {
        var p = -1;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            if (segments[i].Equals("providers", StringComparison.OrdinalIgnoreCase))
                p = i;
        }
        if (p < 0 || segments[p + 1].StartsWith('{'))
            return (null, null);
        var names = new List<string>();
        for (var i = p + 2; i < segments.Count && !segments[i].StartsWith('{'); i += 2)
            names.Add(segments[i]);
        return (segments[p + 1], names.Count == 0 ? null : string.Join('/', names));
    }

    /// <summary>The route for a path; <paramref name="pathExists"/> tells a wrong method from an unknown path.</summary>
    public Route? Match(string method, string[] segments, out Dictionary<string, string> values, out bool pathExists)
    {
        pathExists = false;
        values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in _routes)
        {
            if (route.Segments.Length != segments.Length)
                continue;
            var captured = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var ok = true;
            for (var i = 0; i < segments.Length && ok; i++)
            {
                var p = route.Segments[i];
                if (p.StartsWith('{'))
                    captured[p[1..^1]] = Uri.UnescapeDataString(segments[i]);
                else
                    ok = p.Equals(segments[i], StringComparison.OrdinalIgnoreCase);
            }
            if (!ok)
                continue;
            pathExists = true;
            if (!route.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
                continue;
            values = captured;
            return route;
        }
        return null;
    }
}

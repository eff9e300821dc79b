namespace JitDashboard.Simulator.Arm;

/// <summary>What an ARM request needs: its RBAC action, the scope ARM checks it over, the namespace and resource type.</summary>
/// <param name="Action">e.g. <c>Microsoft.Security/locations/jitNetworkAccessPolicies/write</c>.</param>
/// <param name="Scope">The resource (or, for a list, its parent) the action is checked over, e.g. <c>/subscriptions/x/resourceGroups/rg</c>.</param>
/// <param name="Namespace">The resource provider that serves it; null for Microsoft.Resources paths (subscriptions, provider reads).</param>
/// <param name="ResourceType">e.g. <c>Microsoft.Network/networkSecurityGroups/securityRules</c>; null when <paramref name="Namespace"/> is.</param>
/// <param name="Name">The last resource name in the path, if the path names a resource.</param>
public sealed record RbacRequest(string Action, string Scope, string? Namespace, string? ResourceType, string? Name);

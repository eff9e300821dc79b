using Microsoft.AspNetCore.Components.Routing;

namespace JitDashboard.Components.Layout;

/// <summary>A navigation entry and the policy that must allow it (the page itself enforces the same policy).</summary>
public sealed record NavItem(string Href, string Title, string Icon, string Policy, NavLinkMatch Match = NavLinkMatch.Prefix);

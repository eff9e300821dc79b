namespace JitDashboard.Features.Automation;

/// <summary>Which VMs a rule sees. Empty lists mean everything the app can see.</summary>
public sealed class AutomationScope
{
    public List<string> SubscriptionIds { get; set; } = [];

    /// <summary>Resource group names (any subscription in scope), case-insensitive.</summary>
    public List<string> ResourceGroups { get; set; } = [];

    /// <summary>Every tag must match (value case-insensitive); <c>*</c> matches any value.</summary>
    public Dictionary<string, string> Tags { get; set; } = [];
}

using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Features.Posture;

/// <summary>A VM whose remediation would raise the control, with the points it is worth.</summary>
public sealed record ImpactMachine(string Id, string Name, string SubscriptionId, string SubscriptionName, string ResourceGroup, double Impact, bool Exposed, JitStatus JitStatus);

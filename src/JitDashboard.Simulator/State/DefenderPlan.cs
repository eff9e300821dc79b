namespace JitDashboard.Simulator.State;

/// <summary>The Defender for Servers plan (<c>Microsoft.Security/pricings/VirtualMachines</c>).</summary>
public sealed record DefenderPlan(string PricingTier, string? SubPlan);

using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>A recent JIT request on one VM, from its policy's <c>requests</c>.</summary>
public sealed record JitRequestView(DateTimeOffset StartTimeUtc, string? Requestor, string? Justification, IReadOnlyList<JitRequestPort> Ports);

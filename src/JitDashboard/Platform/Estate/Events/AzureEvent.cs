namespace JitDashboard.Platform.Estate.Events;

/// <summary>One event of a delivery: its id, type and the resource it names (null when none).</summary>
public sealed record AzureEvent(string Id, string Type, string? ResourceId);

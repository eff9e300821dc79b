namespace JitDashboard.Platform.Estate.Events;

/// <summary>A delivery read: the handshake code when it is Event Grid's validation, else its events.</summary>
public sealed record AzureDelivery(string? ValidationCode, IReadOnlyList<AzureEvent> Events);

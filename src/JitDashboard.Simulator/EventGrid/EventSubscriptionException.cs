namespace JitDashboard.Simulator.EventGrid;

/// <summary>A subscription refused at creation (bad spec, or the endpoint failed the validation handshake).</summary>
public sealed class EventSubscriptionException(string message) : Exception(message);

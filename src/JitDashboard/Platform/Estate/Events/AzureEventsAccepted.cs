namespace JitDashboard.Platform.Estate.Events;

/// <summary>The answer to a delivery: events taken, repeats of events already taken, and events that name nothing the estate reads.</summary>
public sealed record AzureEventsAccepted(int Accepted, int Duplicates, int Ignored);

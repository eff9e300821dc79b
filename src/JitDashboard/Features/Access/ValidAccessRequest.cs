namespace JitDashboard.Features.Access;

/// <summary>The validated request, ready to persist.</summary>
public sealed record ValidAccessRequest(IReadOnlyList<int> Ports, TimeSpan Duration, string SourceAddressPrefix, string Justification, string? Ticket, DateTimeOffset? StartTime);

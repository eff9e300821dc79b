namespace JitDashboard.Features.Access;

/// <summary>What a requester asks for (API body and dialog). <see cref="Duration"/> is ISO 8601 (<c>PT1H</c>).</summary>
public sealed record AccessRequestInput(
    string? MachineId,
    IReadOnlyList<int>? Ports,
    string? Duration,
    string? SourceAddressPrefix,
    string? Justification,
    string? Ticket = null,
    DateTimeOffset? StartTime = null);

namespace JitDashboard.Features.Policies;

/// <summary>An operation's state: the API's <c>GET /api/v1/operations/{id}</c> and the UI's progress.</summary>
public sealed record JitOperationView(
    Guid Id,
    JitOperationKind Kind,
    JitOperationStatus Status,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Total,
    int Succeeded,
    int Failed,
    int Skipped,
    IReadOnlyList<JitOperationResult> Results)
{
    /// <summary>The custom allow rules this apply closes (opt-in), with their status.</summary>
    public IReadOnlyList<JitRuleChangeView> RuleChanges { get; init; } = [];

    public int Pending => Total - Succeeded - Failed - Skipped;

    public bool IsFinished => Status is JitOperationStatus.Succeeded or JitOperationStatus.PartiallySucceeded or JitOperationStatus.Failed;
}

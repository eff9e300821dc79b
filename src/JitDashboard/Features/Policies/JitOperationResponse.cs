using System.Text.Json.Serialization;

namespace JitDashboard.Features.Policies;

/// <summary>The shape: status, counts and per-VM results.</summary>
public sealed record JitOperationResponse(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("requestedBy")] string RequestedBy,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("succeeded")] int Succeeded,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("results")] IReadOnlyList<JitOperationResponseItem> Results)
{
    /// <summary>The custom allow rules the apply closes (present when it was asked to).</summary>
    [JsonPropertyName("ruleChanges"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<JitRuleChangeView>? RuleChanges { get; init; }

    public static JitOperationResponse From(JitOperationView view) => new(
        view.Id, view.Kind.ToString(),
        // Pending is an internal queue state; the API shows it as Running.
        view.Status == JitOperationStatus.Pending ? nameof(JitOperationStatus.Running) : view.Status.ToString(),
        view.RequestedBy, view.Total, view.Succeeded, view.Failed, view.Skipped,
        view.Results.Select(r => new JitOperationResponseItem(r.MachineId, r.Status.ToString(), r.Error)).ToList())
    {
        RuleChanges = view.RuleChanges.Count > 0 ? view.RuleChanges : null,
    };
}

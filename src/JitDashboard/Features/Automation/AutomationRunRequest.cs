namespace JitDashboard.Features.Automation;

/// <summary>What a run is asked to do.</summary>
/// <param name="Focus">Only these VMs (the webhook's); null: the whole scope.</param>
/// <param name="Drift">Drift findings by lower-case VM id; the run remediates those in its scope.</param>
/// <param name="RecordWhenIdle">Record a run even when it has nothing to do (manual runs); automatic ones stay quiet.</param>
public sealed record AutomationRunRequest(
    AutomationRule Rule,
    AutomationTrigger Trigger,
    string StartedBy,
    IReadOnlySet<string>? Focus = null,
    IReadOnlyDictionary<string, DriftFinding>? Drift = null,
    bool RecordWhenIdle = true)
{
    /// <summary>Last say before the planned run is recorded (the dispatcher drops repeated dry runs).</summary>
    public Func<AutomationRun, bool>? Accept { get; init; }
}

namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>
/// The evaluation of one subscription: facts per VM (by lower-case id), its management-ports control (null when
/// Defender's data could not be read) and why JIT cannot be written there (null when it can).
/// </summary>
public sealed record SubscriptionEvaluation(IReadOnlyDictionary<string, MachineFacts> Machines, ManagementPortsControl? Control)
{
    public string? JitUnavailableReason { get; init; }
}

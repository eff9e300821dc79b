namespace JitDashboard.Features.Machines;

/// <summary>Azure's answer beside ours for one VM.</summary>
/// <param name="NetworkWatcher">The Network Watcher asked; null when there is none in the region (see <paramref name="NetworkWatcherProblem"/>).</param>
public sealed record MachineVerification(
    string MachineId, DateTimeOffset CheckedAt, string ProbeAddress, string? NetworkWatcher, string? NetworkWatcherProblem,
    IReadOnlyList<VerifiedNic> NetworkInterfaces, IReadOnlyList<VerifiedPort> Ports)
{
    /// <summary>Ports where Azure's access differs from ours.</summary>
    public int Disagreements { get; init; }
}

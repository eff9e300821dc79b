namespace JitDashboard.Features.Posture;

public sealed record MachineCounts(int Total, int Exposed, int Restricted, int JitConfigured, int JitNotConfigured, int Unsupported)
{
    public static MachineCounts Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Share of the VMs JIT can protect that it does protect (0..1); 0 when none can.</summary>
    public double JitCoverage => JitConfigured + JitNotConfigured == 0 ? 0 : (double)JitConfigured / (JitConfigured + JitNotConfigured);
}

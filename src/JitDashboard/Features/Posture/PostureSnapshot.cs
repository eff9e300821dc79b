using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Posture;

/// <summary>The Overview's figures at one estate refresh: one row per <c>Posture:SnapshotInterval</c> at most.</summary>
public sealed class PostureSnapshot
{
    public long Id { get; set; }

    public DateTimeOffset TakenAt { get; set; }

    public double ScoreCurrent { get; set; }

    public int ScoreMax { get; set; }

    public double ControlCurrent { get; set; }

    public int ControlMax { get; set; }

    public int Healthy { get; set; }

    public int Unhealthy { get; set; }

    public int NotApplicable { get; set; }

    public int Total { get; set; }

    public int Exposed { get; set; }

    public int Restricted { get; set; }

    public int JitConfigured { get; set; }

    public int JitNotConfigured { get; set; }

    public int Unsupported { get; set; }

    public double PotentialGain { get; set; }

    public static PostureSnapshot From(PostureFigures figures, DateTimeOffset takenAt)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return new PostureSnapshot
        {
            TakenAt = takenAt,
            ScoreCurrent = figures.SecureScore.Current,
            ScoreMax = figures.SecureScore.Max,
            ControlCurrent = figures.ManagementPorts.Current,
            ControlMax = figures.ManagementPorts.Max,
            Healthy = figures.ManagementPorts.Healthy,
            Unhealthy = figures.ManagementPorts.Unhealthy,
            NotApplicable = figures.ManagementPorts.NotApplicable,
            Total = figures.Machines.Total,
            Exposed = figures.Machines.Exposed,
            Restricted = figures.Machines.Restricted,
            JitConfigured = figures.Machines.JitConfigured,
            JitNotConfigured = figures.Machines.JitNotConfigured,
            Unsupported = figures.Machines.Unsupported,
            PotentialGain = figures.PotentialGain,
        };
    }

    /// <summary>Share of the VMs JIT can protect that it does protect, 0..1.</summary>
    public double JitCoverage => JitConfigured + JitNotConfigured == 0 ? 0 : (double)JitConfigured / (JitConfigured + JitNotConfigured);
}

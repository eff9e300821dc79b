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

internal sealed class PostureSnapshotConfiguration : IEntityTypeConfiguration<PostureSnapshot>
{
    public void Configure(EntityTypeBuilder<PostureSnapshot> b)
    {
        b.ToTable("posture_snapshots");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(s => s.TakenAt).HasColumnName("taken_at");
        b.Property(s => s.ScoreCurrent).HasColumnName("score_current");
        b.Property(s => s.ScoreMax).HasColumnName("score_max");
        b.Property(s => s.ControlCurrent).HasColumnName("control_current");
        b.Property(s => s.ControlMax).HasColumnName("control_max");
        b.Property(s => s.Healthy).HasColumnName("healthy");
        b.Property(s => s.Unhealthy).HasColumnName("unhealthy");
        b.Property(s => s.NotApplicable).HasColumnName("not_applicable");
        b.Property(s => s.Total).HasColumnName("total");
        b.Property(s => s.Exposed).HasColumnName("exposed");
        b.Property(s => s.Restricted).HasColumnName("restricted");
        b.Property(s => s.JitConfigured).HasColumnName("jit_configured");
        b.Property(s => s.JitNotConfigured).HasColumnName("jit_not_configured");
        b.Property(s => s.Unsupported).HasColumnName("unsupported");
        b.Property(s => s.PotentialGain).HasColumnName("potential_gain");
        b.Ignore(s => s.JitCoverage);
        // The history query and the pruning both range over the time.
        b.HasIndex(s => s.TakenAt);
    }
}

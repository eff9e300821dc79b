using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Posture;

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

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Platform.Work;

internal sealed class LeaseRowConfiguration : IEntityTypeConfiguration<LeaseRow>
{
    public void Configure(EntityTypeBuilder<LeaseRow> b)
    {
        b.ToTable("leases");
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasColumnName("name").HasMaxLength(128);
        b.Property(l => l.Holder).HasColumnName("holder").HasMaxLength(256);
        b.Property(l => l.ExpiresAtMs).HasColumnName("expires_at_ms");
    }
}

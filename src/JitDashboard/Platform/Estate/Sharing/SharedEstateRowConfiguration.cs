using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Platform.Estate.Sharing;

internal sealed class SharedEstateRowConfiguration : IEntityTypeConfiguration<SharedEstateRow>
{
    public void Configure(EntityTypeBuilder<SharedEstateRow> builder)
    {
        builder.ToTable("estate_shares");
        builder.HasKey(r => r.Key);
        builder.Property(r => r.Key).HasColumnName("key").HasMaxLength(128);
        builder.Property(r => r.Version).HasColumnName("version");
        builder.Property(r => r.Data).HasColumnName("data");
        builder.Property(r => r.UpdatedAtMs).HasColumnName("updated_at_ms");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Platform.Work;

internal sealed class DeliveryClaimConfiguration : IEntityTypeConfiguration<DeliveryClaim>
{
    public void Configure(EntityTypeBuilder<DeliveryClaim> b)
    {
        b.ToTable("delivery_claims");
        b.HasKey(c => c.Key);
        b.Property(c => c.Key).HasColumnName("key").HasMaxLength(DeliveryClaims.MaxKeyLength);
        b.Property(c => c.ClaimedAtMs).HasColumnName("claimed_at_ms");
        b.HasIndex(c => c.ClaimedAtMs);
    }
}

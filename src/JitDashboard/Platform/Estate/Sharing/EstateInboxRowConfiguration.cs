using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Platform.Estate.Sharing;

internal sealed class EstateInboxRowConfiguration : IEntityTypeConfiguration<EstateInboxRow>
{
    public void Configure(EntityTypeBuilder<EstateInboxRow> builder)
    {
        builder.ToTable("estate_inbox");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(r => r.ResourceIds).HasColumnName("resource_ids");
        builder.Property(r => r.Events).HasColumnName("events");
        builder.Property(r => r.ReceivedAtMs).HasColumnName("received_at_ms");
    }
}

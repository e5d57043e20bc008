using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Tables;

internal sealed class DataTableConfiguration : IEntityTypeConfiguration<DataTable>
{
    public void Configure(EntityTypeBuilder<DataTable> e)
    {
        e.ToTable("data_tables");
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.Name).HasMaxLength(64);
        e.Property(x => x.Description).HasMaxLength(2000);
        e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
        e.HasIndex(x => new { x.OrganizationId, x.Name }).IsUnique();
        e.HasMany<DataTableRow>().WithOne().HasForeignKey(r => r.TableId).OnDelete(DeleteBehavior.Cascade);
    }
}

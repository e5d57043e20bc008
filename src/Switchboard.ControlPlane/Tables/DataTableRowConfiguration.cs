using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Tables;

internal sealed class DataTableRowConfiguration : IEntityTypeConfiguration<DataTableRow>
{
    public void Configure(EntityTypeBuilder<DataTableRow> e)
    {
        e.ToTable("data_table_rows");
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.TableId).HasMaxLength(40);
        e.HasIndex(x => new { x.TableId, x.RowIndex }).IsUnique();
    }
}

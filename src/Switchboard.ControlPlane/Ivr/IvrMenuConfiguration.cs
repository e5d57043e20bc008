using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Ivr;

internal sealed class IvrMenuConfiguration : IEntityTypeConfiguration<IvrMenu>
{
    public void Configure(EntityTypeBuilder<IvrMenu> e)
    {
        e.ToTable("ivr_menus");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Description).HasMaxLength(2000);
        e.Property(x => x.Definition);
        e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
    }
}

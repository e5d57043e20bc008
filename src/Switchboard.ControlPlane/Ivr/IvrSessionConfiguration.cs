using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Ivr;

internal sealed class IvrSessionConfiguration : IEntityTypeConfiguration<IvrSession>
{
    public void Configure(EntityTypeBuilder<IvrSession> e)
    {
        e.ToTable("ivr_sessions");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.CallId).HasMaxLength(80);
        e.Property(x => x.MenuId).HasMaxLength(40);
        e.Property(x => x.Path);
        e.Property(x => x.Outcome).HasMaxLength(20);
        e.Property(x => x.OutcomeTarget).HasMaxLength(500);
        // Sessions outlive a deleted menu (it is only soft-deleted), so no cascade; the index serves the per-menu list.
        e.HasOne<IvrMenu>().WithMany().HasForeignKey(x => x.MenuId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.MenuId, x.CreatedAt });
        e.HasIndex(x => new { x.OrganizationId, x.CallId });
    }
}

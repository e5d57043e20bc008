using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Functions;

internal sealed class FunctionDefinitionConfiguration : IEntityTypeConfiguration<FunctionDefinition>
{
    public void Configure(EntityTypeBuilder<FunctionDefinition> e)
    {
        e.ToTable("functions");
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.Name).HasMaxLength(64);
        e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
        // Deleted functions free their name; the filter is plain SQL both providers accept.
        e.HasIndex(x => new { x.OrganizationId, x.Name }).IsUnique().HasFilter("deleted_at IS NULL");
        e.HasMany(x => x.Versions).WithOne().HasForeignKey(v => v.FunctionId).OnDelete(DeleteBehavior.Cascade);
    }
}

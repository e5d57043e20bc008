using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Functions;

internal sealed class FunctionVersionConfiguration : IEntityTypeConfiguration<FunctionVersion>
{
    public void Configure(EntityTypeBuilder<FunctionVersion> e)
    {
        e.ToTable("function_versions");
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.FunctionId).HasMaxLength(40);
        e.HasIndex(x => new { x.FunctionId, x.Version }).IsUnique();
    }
}

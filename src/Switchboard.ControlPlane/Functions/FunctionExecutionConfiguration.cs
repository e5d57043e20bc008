using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.ControlPlane.Functions;

internal sealed class FunctionExecutionConfiguration : IEntityTypeConfiguration<FunctionExecution>
{
    public void Configure(EntityTypeBuilder<FunctionExecution> e)
    {
        e.ToTable("function_executions");
        e.Property(x => x.Id).HasMaxLength(40);
        e.Property(x => x.OrganizationId).HasMaxLength(40);
        e.Property(x => x.FunctionId).HasMaxLength(40);
        e.Property(x => x.CallId).HasMaxLength(80);
        e.Property(x => x.Status).HasMaxLength(20);
        e.Property(x => x.ErrorCode).HasMaxLength(40);
        e.Property(x => x.ErrorMessage).HasMaxLength(2000);
        // No foreign key to functions: the log outlives a deleted function and is written on hot paths.
        e.HasIndex(x => new { x.FunctionId, x.CreatedAt });
        e.HasIndex(x => new { x.OrganizationId, x.CallId });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Switchboard.ControlPlane.Data;

/// <summary>Lets `dotnet ef migrations add` build the PostgreSQL model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSwitchboardDbContext>
{
    public PostgresSwitchboardDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSwitchboardDbContext>().UseNpgsql("Host=localhost").Options);
}

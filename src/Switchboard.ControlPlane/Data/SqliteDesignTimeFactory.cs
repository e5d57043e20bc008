using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Switchboard.ControlPlane.Data;

/// <summary>Lets `dotnet ef migrations add` build each provider's model without starting the server.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSwitchboardDbContext>
{
    public SqliteSwitchboardDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSwitchboardDbContext>().UseSqlite("Data Source=design.db").Options);
}

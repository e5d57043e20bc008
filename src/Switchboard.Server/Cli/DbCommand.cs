using System.CommandLine;
using Switchboard.ControlPlane;

namespace Switchboard.Server.Cli;

internal static class DbCommand
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "Apply pending database migrations and exit.");
        migrate.TreatUnmatchedTokensAsErrors = false;
        migrate.SetAction(async (result, ct) =>
        {
            await using var app = ServerHost.Build(result.UnmatchedTokens.ToArray(), quiet: true);
            await ControlPlaneAdmin.MigrateAsync(app.Services, ct);
            Console.Out.WriteLine("Database is up to date.");
            return 0;
        });
        return new Command("db", "Database maintenance.") { migrate };
    }
}

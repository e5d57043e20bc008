using System.CommandLine;
using Switchboard.ControlPlane;

namespace Switchboard.Server.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the server (the default when no verb is given). Configuration: --Key=value, Switchboard__Key env vars, appsettings.json.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RunAsync(result.UnmatchedTokens.ToArray(), ct));
        return command;
    }

    public static async Task<int> RunAsync(string[] configurationArgs, CancellationToken ct)
    {
        await using var app = ServerHost.Build(configurationArgs);
        if (app.Configuration.GetValue(SwitchboardOptions.Section + ":MigrateOnStart", true))
        {
            await ControlPlaneAdmin.MigrateAsync(app.Services, ct);
            if (await ControlPlaneAdmin.SeedDemoAgentAsync(app.Services, ct) is { } demo)
                ServerLog.DemoAgentCreated(app.Logger, demo);
        }
        await app.RunAsync(ct);
        return 0;
    }
}

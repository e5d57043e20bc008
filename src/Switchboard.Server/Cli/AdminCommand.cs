using System.CommandLine;
using Switchboard.ControlPlane;

namespace Switchboard.Server.Cli;

internal static class AdminCommand
{
    public static Command Create()
    {
        var org = new Option<string>("--org") { Description = "Organization name; created if it does not exist.", Required = true };
        var name = new Option<string>("--name") { Description = "A name for the key.", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Comma-separated scopes (default *).", DefaultValueFactory = _ => "*" };
        var rate = new Option<int?>("--rate-limit-per-minute") { Description = "Requests per minute for this key." };

        var create = new Command("create-api-key", "Create an API key (and its organization). The key alone is the last line of stdout.")
        {
            org, name, scopes, rate,
        };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction(async (result, ct) =>
        {
            await using var app = ServerHost.Build(result.UnmatchedTokens.ToArray(), quiet: true);
            await ControlPlaneAdmin.MigrateAsync(app.Services, ct);
            try
            {
                var list = result.GetValue(scopes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var (keyId, orgId, secret) = await ControlPlaneAdmin.CreateApiKeyAsync(
                    app.Services, result.GetValue(org)!, result.GetValue(name)!, list, result.GetValue(rate), ct);
                Console.Out.WriteLine($"Created API key {keyId} in organization {orgId}. Store it now: it is not shown again.");
                Console.Out.WriteLine(secret);
                return 0;
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine("error: " + ex.Message.Split(" (Parameter")[0]);
                return 2;
            }
        });

        return new Command("admin", "Administration without an API key (run on the server's machine).") { create };
    }
}

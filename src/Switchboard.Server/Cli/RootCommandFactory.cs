using System.CommandLine;

namespace Switchboard.Server.Cli;

internal static class RootCommandFactory
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Switchboard: self-hosted voice AI agents")
        {
            ServeCommand.Create(),
            AdminCommand.Create(),
            DbCommand.Create(),
            AudioCommand.Create(),
            SipCommand.Create(),
            CallCommand.Create(),
            TestCommand.Create(),
        };
        // No verb means serve; configuration arguments (--Key=value) pass through to ASP.NET Core.
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((result, ct) => ServeCommand.RunAsync(result.UnmatchedTokens.ToArray(), ct));
        return root;
    }
}

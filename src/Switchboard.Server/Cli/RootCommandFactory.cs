using System.CommandLine;

namespace Switchboard.Server.Cli;

internal static class RootCommandFactory
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Switchboard: self-hosted voice AI agents");
        return root;
    }
}

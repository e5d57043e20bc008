namespace Switchboard.Server;

internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Information, "Created the demo agent Acme Dental ({AgentId}) in organization 'default'. Try: switchboard call simulate --agent \"Acme Dental\"")]
    public static partial void DemoAgentCreated(ILogger logger, string agentId);
}

using System.Text.Json;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;

namespace Switchboard.Server.Tests.Calls;

internal static class JournalInvocations
{
    public static ToolInvocation For(string organizationId, string callId, string key, TimeProvider? time = null, string name = "book_slot")
    {
        var call = new CallContext
        {
            CallId = callId,
            OrganizationId = organizationId,
            Agent = new AgentDefinition { Id = "agent_journal", Engine = ResponseEngineKind.Llm },
            Time = time ?? TimeProvider.System,
        };
        return new ToolInvocation(call, key, name, JsonDocument.Parse("""{"day":"tuesday","time":"10:00"}""").RootElement.Clone());
    }
}

namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>conversation.updated</c>: the flow moved or variables changed. Provisional.</summary>
internal sealed record ConversationUpdatedData(
    string CallId, string AgentId, string? NodeId, IReadOnlyDictionary<string, string> Variables);

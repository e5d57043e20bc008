namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary>
/// <c>conversation.updated</c>: a conversation flow or IVR menu moved from <c>from_node_id</c> (null at the start) to
/// <c>node_id</c>; <c>reason</c> is the engine's reason for the move (the condition or edge taken), null when it gave none.
/// <c>variables</c> holds every variable the flow had set in this call when it moved (answers to <c>ask</c> nodes,
/// <c>set</c> values, mapped function results), latest value per name; absent when none yet.
/// </summary>
internal sealed record ConversationUpdatedData(
    string CallId, string AgentId, string? FromNodeId, string NodeId, string? Reason, IReadOnlyDictionary<string, string>? Variables);

namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary>
/// <c>conversation.updated</c>: a conversation flow or IVR menu moved from <c>from_node_id</c> (null at the start) to
/// <c>node_id</c>; <c>reason</c> is the engine's reason for the move (the condition or edge taken), null when it gave none.
/// Flow variables are not included: the engine's transition event does not carry them.
/// </summary>
internal sealed record ConversationUpdatedData(string CallId, string AgentId, string? FromNodeId, string NodeId, string? Reason);

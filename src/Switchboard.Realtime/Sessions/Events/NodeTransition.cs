namespace Switchboard.Realtime.Sessions.Events;

/// <summary>
/// A flow or IVR menu moved from one node to another. <paramref name="Variables"/> holds every variable the response
/// engine had set in this call when the move happened (answers to <c>ask</c> nodes, <c>set</c> values, mapped function
/// results, <c>transfer_outcome</c>), latest value per name; null or empty when none yet. Dynamic variables given when
/// the call started are not repeated here.
/// </summary>
public sealed record NodeTransition(
    string CallId, DateTimeOffset At, TimeSpan Offset, string? FromNodeId, string NodeId, string? Reason,
    IReadOnlyDictionary<string, string>? Variables = null)
    : CallEvent(CallId, At, Offset);

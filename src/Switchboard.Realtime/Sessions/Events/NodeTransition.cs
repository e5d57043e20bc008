namespace Switchboard.Realtime.Sessions.Events;

/// <summary>A flow or IVR menu moved from one node to another.</summary>
public sealed record NodeTransition(string CallId, DateTimeOffset At, TimeSpan Offset, string? FromNodeId, string NodeId, string? Reason)
    : CallEvent(CallId, At, Offset);

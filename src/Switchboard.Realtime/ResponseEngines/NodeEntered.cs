namespace Switchboard.Realtime.ResponseEngines;

/// <summary>A flow or IVR menu moved to node <paramref name="NodeId"/> (from <paramref name="FromNodeId"/>, null at start).</summary>
public sealed record NodeEntered(string? FromNodeId, string NodeId, string? Reason) : ResponseEvent;

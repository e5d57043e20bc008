namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>What a live call control request did: <c>action</c> is <c>ending</c>, <c>say_queued</c> or <c>context_added</c>.</summary>
internal sealed record LiveCallControlResponse(string CallId, string Action);

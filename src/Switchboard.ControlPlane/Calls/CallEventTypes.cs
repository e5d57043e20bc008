namespace Switchboard.ControlPlane.Calls;

/// <summary>The <c>type</c> column of <c>call_events</c>; the transcript shows the first five.</summary>
internal static class CallEventTypes
{
    public const string Utterance = "utterance";
    public const string ToolCall = "tool_call";
    public const string Dtmf = "dtmf";
    public const string NodeTransition = "node_transition";
    public const string Transfer = "transfer";
    public const string TransferStarted = "transfer_started";
    public const string TurnLatency = "turn_latency";
    public const string CallStarted = "call_started";
    public const string CallEnded = "call_ended";

    public static bool InTranscript(string type) => type is Utterance or ToolCall or Dtmf or NodeTransition or Transfer;
}

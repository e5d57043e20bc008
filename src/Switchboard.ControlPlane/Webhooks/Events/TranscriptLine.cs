namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary>
/// One finished utterance of a transcript: <c>role</c> is <c>agent</c> or <c>user</c>; <c>start_ms</c>/<c>end_ms</c> are
/// media offsets from the start of the call (positions in a recording); <c>interrupted</c> says the caller cut the agent short
/// (the text is then what the caller heard).
/// </summary>
internal sealed record TranscriptLine(string Role, string Text, long StartMs, long EndMs, bool Interrupted);

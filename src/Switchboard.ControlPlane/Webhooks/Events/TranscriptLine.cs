namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary>One turn of a transcript: <c>role</c> is <c>agent</c> or <c>user</c>.</summary>
internal sealed record TranscriptLine(string Role, string Text, long OffsetMs);

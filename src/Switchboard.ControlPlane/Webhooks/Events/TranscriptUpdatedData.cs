namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>transcript.updated</c>: the transcript so far. Provisional: the call engine fills it.</summary>
internal sealed record TranscriptUpdatedData(string CallId, string AgentId, IReadOnlyList<TranscriptLine> Transcript);

namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary>
/// <c>transcript.updated</c>: sent after each final utterance (agent or user, never partials) with the transcript so far,
/// bounded to its last <see cref="MaxLines"/> lines: <c>line_count</c> is the number of utterances in the whole call and
/// <c>truncated</c> says earlier lines were left out (the full transcript is in <c>GET /api/v1/calls/{id}</c>).
/// </summary>
internal sealed record TranscriptUpdatedData(string CallId, string AgentId, IReadOnlyList<TranscriptLine> Transcript, int LineCount, bool Truncated)
{
    public const int MaxLines = 50;
}

using Switchboard.ControlPlane.Webhooks.Events;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// What the webhook producer remembers of one call between events: the last <see cref="TranscriptUpdatedData.MaxLines"/>
/// utterances (so each <c>transcript.updated</c> is built without reading the call back) and the tool calls already
/// reported as failed. Owned by the recorder's writing loop; not thread-safe.
/// </summary>
internal sealed class CallWebhookState
{
    private readonly Queue<TranscriptLine> _tail = new(TranscriptUpdatedData.MaxLines);
    private HashSet<string>? _reportedFailures;

    /// <summary>Utterances seen in the whole call, including those no longer in the tail.</summary>
    public int LineCount { get; private set; }

    /// <summary>Adds a final utterance and returns the bounded transcript so far.</summary>
    public TranscriptUpdatedData AddLine(string callId, string agentId, TranscriptLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (_tail.Count == TranscriptUpdatedData.MaxLines) _tail.Dequeue();
        _tail.Enqueue(line);
        LineCount++;
        return new TranscriptUpdatedData(callId, agentId, [.. _tail], LineCount, LineCount > _tail.Count);
    }

    /// <summary>
    /// True the first time a tool call id is reported: a replayed tool call (the journal hands back its stored result)
    /// arrives again with the same id and must not page anyone twice.
    /// </summary>
    public bool FirstFailureReport(string toolCallId) => (_reportedFailures ??= new HashSet<string>(StringComparer.Ordinal)).Add(toolCallId);
}

using Switchboard.Realtime.TurnTaking;

namespace Switchboard.Realtime.Sessions;

/// <summary>Engine-wide settings for call sessions (per-agent tuning lives in <see cref="AgentDefinition"/>).</summary>
public sealed record CallSessionOptions
{
    /// <summary>Calls end here at the latest when the agent sets no <see cref="AgentDefinition.MaxCallDurationMs"/>.</summary>
    public TimeSpan DefaultMaxCallDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Sentences (with actions and response marks) synthesised ahead of playout; the response loop waits when the queue
    /// is full (backpressure on TTS and the LLM). Each sentence is kept as its audio and cut into frames as it plays.
    /// </summary>
    public int PlayoutQueueItems { get; init; } = 64;

    /// <summary>Caller audio kept before the VAD's speech start and sent to the recognizer with it (soft onsets).</summary>
    public TimeSpan SpeechPreRoll { get; init; } = TimeSpan.FromMilliseconds(600);

    public TurnDetectorOptions Turns { get; init; } = new();

    /// <summary>Folder for call recordings (WAV) when an agent records; null: recordings are not kept.</summary>
    public string? RecordingDirectory { get; init; }
}

namespace Switchboard.Realtime.Transports.Browser;

/// <summary>Tuning of a <see cref="BrowserMediaChannel"/>. Read once when the channel is created; not shared state.</summary>
public sealed class BrowserMediaChannelOptions
{
    /// <summary>Rate of the PCM16 audio both ways; the browser page resamples its microphone to it (16 kHz by default).</summary>
    public int SampleRate { get; init; } = 16_000;

    /// <summary>
    /// Consecutive outbound frame periods without agent speech (silent or not sent at all) after which
    /// <c>agent_stop_talking</c> is sent. Long enough to ride over the pauses between the agent's words and sentences.
    /// </summary>
    public int StopTalkingAfterFrames { get; init; } = 15;

    /// <summary>Peak amplitude at or below which an agent frame counts as silent.</summary>
    public int SilenceThreshold { get; init; } = 64;

    /// <summary>Microphone audio buffered ahead of the call's clock, in frames; beyond it the oldest audio is dropped.</summary>
    public int MaxBufferedInputFrames { get; init; } = 50;

    /// <summary>
    /// When more than this many microphone frames are waiting (the browser delivered a burst), one extra frame is handed to
    /// the session per tick until the backlog is gone, so bursty delivery does not turn into lasting latency.
    /// </summary>
    public int CatchUpAfterFrames { get; init; } = 5;

    /// <summary>Largest JSON control message accepted from the browser, in bytes.</summary>
    public int MaxTextMessageBytes { get; init; } = 4096;

    /// <summary>Messages queued for the browser (agent audio frames and events) before new agent audio is dropped.</summary>
    public int OutgoingQueueCapacity { get; init; } = 1024;

    /// <summary>How long closing waits for queued messages to go out and for the browser's close reply before aborting.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its documented range.</exception>
    public void Validate()
    {
        if (SampleRate is not (8000 or 16_000 or 24_000 or 48_000))
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "Sample rate must be 8000, 16000, 24000 or 48000.");
        ArgumentOutOfRangeException.ThrowIfLessThan(StopTalkingAfterFrames, 1, nameof(StopTalkingAfterFrames));
        ArgumentOutOfRangeException.ThrowIfNegative(SilenceThreshold, nameof(SilenceThreshold));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SilenceThreshold, short.MaxValue, nameof(SilenceThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBufferedInputFrames, 2, nameof(MaxBufferedInputFrames));
        ArgumentOutOfRangeException.ThrowIfLessThan(CatchUpAfterFrames, 1, nameof(CatchUpAfterFrames));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(CatchUpAfterFrames, MaxBufferedInputFrames, nameof(CatchUpAfterFrames));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTextMessageBytes, 64, nameof(MaxTextMessageBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(OutgoingQueueCapacity, 16, nameof(OutgoingQueueCapacity));
        if (CloseTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(CloseTimeout), CloseTimeout, "Close timeout must be positive.");
    }
}

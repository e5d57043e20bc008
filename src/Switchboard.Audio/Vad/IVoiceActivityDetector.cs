namespace Switchboard.Audio.Vad;

/// <summary>
/// Detects speech in a stream of mono PCM16 audio and reports where speech segments start and end.
/// </summary>
/// <remarks>
/// <para><b>Thread-safety:</b> an instance is <em>not</em> thread-safe and keeps per-stream state
/// (recurrent model state, noise floor, partially filled analysis windows). Use one detector per call
/// and per direction, and feed it from one thread at a time. Model objects that detectors share (for
/// example <see cref="SileroVadModel"/>) are thread-safe.</para>
/// <para><b>Ownership:</b> the caller owns the detector and must dispose it; the sample spans passed to
/// <see cref="Process"/> are only read during the call and never retained.</para>
/// <para><b>Timing:</b> positions are sample indexes counted from the first sample given to the detector
/// (or since the last <see cref="Reset"/>), at <see cref="SampleRate"/>. Frames may have any length; the
/// detector buffers internally up to its analysis window. After warm-up, processing does not allocate.</para>
/// </remarks>
public interface IVoiceActivityDetector : IDisposable
{
    /// <summary>Sample rate of the audio this detector expects: 8000 or 16000 Hz.</summary>
    int SampleRate { get; }

    /// <summary>True between a <see cref="VoiceActivityEventKind.SpeechStarted"/> event and its matching
    /// <see cref="VoiceActivityEventKind.SpeechEnded"/> event.</summary>
    bool IsSpeaking { get; }

    /// <summary>Speech probability (0..1) of the most recently completed analysis window.</summary>
    float LastProbability { get; }

    /// <summary>Number of samples given to <see cref="Process"/> since creation or the last <see cref="Reset"/>.</summary>
    long SamplesProcessed { get; }

    /// <summary>Analyses <paramref name="samples"/> (any length, including zero) and queues any speech
    /// events they complete; read them with <see cref="TryReadEvent"/>.</summary>
    /// <returns>The number of events waiting to be read after this call.</returns>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    int Process(ReadOnlySpan<short> samples);

    /// <summary>Dequeues the oldest pending event, if any.</summary>
    bool TryReadEvent(out VoiceActivityEvent activityEvent);

    /// <summary>Marks the end of the stream: an open speech segment is closed with a
    /// <see cref="VoiceActivityEventKind.SpeechEnded"/> event at the current position. Samples in an
    /// incomplete analysis window are not analysed.</summary>
    void Flush();

    /// <summary>Forgets all stream state and pending events so the detector can be reused for a new stream.</summary>
    void Reset();
}

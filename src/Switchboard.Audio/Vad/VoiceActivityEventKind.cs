namespace Switchboard.Audio.Vad;

/// <summary>Kind of a <see cref="VoiceActivityEvent"/>.</summary>
public enum VoiceActivityEventKind
{
    /// <summary>Speech has lasted at least the minimum speech duration; the segment began at
    /// <see cref="VoiceActivityEvent.StartSample"/>.</summary>
    SpeechStarted = 1,

    /// <summary>Silence has lasted at least the minimum silence duration (or the stream was flushed); the
    /// segment spans <see cref="VoiceActivityEvent.StartSample"/> to <see cref="VoiceActivityEvent.EndSample"/>.</summary>
    SpeechEnded = 2,
}

namespace Switchboard.Realtime.Sessions;

/// <summary>Which STT listens to the caller.</summary>
public sealed record SpeechRecognitionSettings
{
    /// <summary><c>pocketsphinx</c> (offline default), <c>deepgram</c>, <c>openai</c>.</summary>
    public string Provider { get; init; } = "pocketsphinx";

    public string Language { get; init; } = "en-US";

    /// <summary>Words to favour (names, products); passed to the recognizer as hints.</summary>
    public IReadOnlyList<string> BoostedKeywords { get; init; } = [];
}

using Switchboard.Audio.Frames;

namespace Switchboard.Speech.OpenAI;

/// <summary>Construction options of <see cref="OpenAITextToSpeechClient"/>.</summary>
/// <remarks>Read once by the constructor; later changes have no effect.</remarks>
public sealed class OpenAITextToSpeechClientOptions
{
    /// <summary>The API key, sent as <c>Authorization: Bearer KEY</c>. Required.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>API base (<c>http</c> or <c>https</c>); <c>audio/speech</c> is appended.</summary>
    public Uri BaseUri { get; set; } = OpenAISpeechToTextClientOptions.DefaultBaseUri;

    /// <summary>Speech model (overridden per request by <c>TextToSpeechOptions.ModelId</c>).</summary>
    public string Model { get; set; } = "gpt-4o-mini-tts";

    /// <summary>Voice used when a request names none (<c>TextToSpeechOptions.VoiceId</c>).</summary>
    public string Voice { get; set; } = "alloy";

    /// <summary>Optional speaking instructions (tone, accent) for models that accept them.</summary>
    public string? Instructions { get; set; }

    /// <summary>Output rate when the request's audio format names none; OpenAI's 24 kHz PCM is resampled to it.</summary>
    public int SampleRate { get; set; } = AudioSampleRates.Rate16000;
}

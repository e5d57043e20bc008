using Switchboard.Audio.Frames;

namespace Switchboard.Speech.ElevenLabs;

/// <summary>Construction options of <see cref="ElevenLabsTextToSpeechClient"/>.</summary>
/// <remarks>Read once by the constructor; later changes have no effect.</remarks>
public sealed class ElevenLabsTextToSpeechClientOptions
{
    /// <summary>ElevenLabs' API base for WebSockets.</summary>
    public static readonly Uri DefaultBaseUri = new("wss://api.elevenlabs.io/v1/");

    /// <summary>The API key, sent in the <c>xi-api-key</c> header. Required.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>API base (<c>ws</c> or <c>wss</c>); <c>text-to-speech/{voice_id}/stream-input</c> is appended.</summary>
    public Uri BaseUri { get; set; } = DefaultBaseUri;

    /// <summary>Voice used when a request names none (<c>TextToSpeechOptions.VoiceId</c>). Required.</summary>
    public string VoiceId { get; set; } = string.Empty;

    /// <summary>Model (overridden per request by <c>TextToSpeechOptions.ModelId</c>).</summary>
    public string ModelId { get; set; } = "eleven_flash_v2_5";

    /// <summary>Output rate when the request's audio format names none; requested from ElevenLabs as <c>pcm_RATE</c>.</summary>
    public int SampleRate { get; set; } = AudioSampleRates.Rate16000;

    /// <summary>Voice setting <c>stability</c>, 0 to 1.</summary>
    public double Stability { get; set; } = 0.5;

    /// <summary>Voice setting <c>similarity_boost</c>, 0 to 1.</summary>
    public double SimilarityBoost { get; set; } = 0.8;
}

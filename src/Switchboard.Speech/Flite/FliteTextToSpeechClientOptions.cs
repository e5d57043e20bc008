namespace Switchboard.Speech.Flite;

/// <summary>Construction options of <see cref="FliteTextToSpeechClient"/>.</summary>
/// <remarks>Read once by the constructor; later changes have no effect.</remarks>
public sealed class FliteTextToSpeechClientOptions
{
    /// <summary>Voice used when a request names none (<see cref="Microsoft.Extensions.AI.TextToSpeechOptions.VoiceId"/>).</summary>
    public FliteVoice DefaultVoice { get; set; } = FliteVoice.Slt;

    /// <summary>
    /// Bytes of synthesised sentences kept for reuse (greetings, prompts and menus repeat on every call), least recently
    /// used first out; 0 turns the cache off. Default 32 MiB, about 17 minutes of 16 kHz audio. A sentence is kept only if
    /// it takes at most an eighth of this.
    /// </summary>
    public long SentenceCacheBytes { get; set; } = 32L * 1024 * 1024;
}

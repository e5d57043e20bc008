namespace Switchboard.Speech.Flite;

/// <summary>Construction options of <see cref="FliteTextToSpeechClient"/>.</summary>
/// <remarks>Read once by the constructor; later changes have no effect.</remarks>
public sealed class FliteTextToSpeechClientOptions
{
    /// <summary>Voice used when a request names none (<see cref="Microsoft.Extensions.AI.TextToSpeechOptions.VoiceId"/>).</summary>
    public FliteVoice DefaultVoice { get; set; } = FliteVoice.Slt;
}

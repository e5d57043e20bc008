namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>How the audio payloads of a media stream are coded (the same both ways).</summary>
public enum MediaStreamEncoding
{
    /// <summary>G.711 μ-law (<c>audio/x-mulaw</c>, Telnyx <c>PCMU</c>), 8 kHz.</summary>
    MuLaw,

    /// <summary>G.711 A-law (<c>audio/x-alaw</c>, Telnyx <c>PCMA</c>), 8 kHz.</summary>
    ALaw,
}

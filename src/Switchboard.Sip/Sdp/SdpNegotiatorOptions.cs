namespace Switchboard.Sip.Sdp;

/// <summary>
/// Settings shared by every <see cref="SdpNegotiator"/> of a process. Set once at start and call
/// <see cref="Validate"/>; afterwards treat as immutable (reading from many threads is then safe).
/// </summary>
public sealed class SdpNegotiatorOptions
{
    /// <summary>Audio codecs in our order of preference; the answerer's choice follows this order.</summary>
    public IList<SdpCodec> Codecs { get; init; } = [SdpCodec.Pcmu, SdpCodec.Pcma];

    /// <summary>Whether to offer and accept RFC 4733 telephone-event.</summary>
    public bool TelephoneEvents { get; init; } = true;

    /// <summary>Dynamic payload type we use for telephone-event in our offers (96–127; 101 by convention).</summary>
    public int TelephoneEventPayloadType { get; init; } = 101;

    /// <summary>Packetization time we offer and fall back to, in ms.</summary>
    public int Ptime { get; init; } = 20;

    /// <summary>Packetization times we are able to send when a peer asks for one, in ms.</summary>
    public IList<int> SupportedPtimes { get; init; } = [10, 20, 30, 40, 50, 60];

    /// <summary>The <c>s=</c> text of our descriptions.</summary>
    public string SessionName { get; init; } = "Switchboard";

    /// <summary>The username field of our <c>o=</c> lines (no spaces).</summary>
    public string OriginUsername { get; init; } = "switchboard";

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Codecs is null || Codecs.Count == 0)
        {
            throw new ArgumentException("At least one codec is required.", nameof(Codecs));
        }

        foreach (SdpCodec codec in Codecs)
        {
            if (codec is null || string.IsNullOrWhiteSpace(codec.EncodingName) || codec.ClockRate <= 0)
            {
                throw new ArgumentException("Codecs must have a name and a positive clock rate.", nameof(Codecs));
            }

            if (codec.StaticPayloadType is null)
            {
                throw new ArgumentException(
                    $"Codec {codec.EncodingName} has no static payload type; only static audio codecs are supported.",
                    nameof(Codecs));
            }
        }

        if (TelephoneEventPayloadType is < 96 or > 127)
        {
            throw new ArgumentException("TelephoneEventPayloadType must be a dynamic payload type 96-127.", nameof(TelephoneEventPayloadType));
        }

        if (SupportedPtimes is null || !SupportedPtimes.Contains(Ptime))
        {
            throw new ArgumentException("Ptime must be one of SupportedPtimes.", nameof(Ptime));
        }

        foreach (int ptime in SupportedPtimes)
        {
            if (ptime is <= 0 or > 200)
            {
                throw new ArgumentException("SupportedPtimes must be within 1-200 ms.", nameof(SupportedPtimes));
            }
        }

        if (string.IsNullOrWhiteSpace(SessionName) || SessionName.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException("SessionName must be non-empty text on one line.", nameof(SessionName));
        }

        if (string.IsNullOrEmpty(OriginUsername) || OriginUsername.AsSpan().ContainsAny(' ', '\r', '\n'))
        {
            throw new ArgumentException("OriginUsername must be non-empty and contain no spaces.", nameof(OriginUsername));
        }
    }
}

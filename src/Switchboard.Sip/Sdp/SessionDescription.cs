namespace Switchboard.Sip.Sdp;

/// <summary>
/// A parsed or locally built SDP session description (RFC 4566). Lines this library does not interpret and
/// unknown attributes are preserved, so <see cref="ToString"/> reproduces an equivalent body.
/// A mutable model: not thread-safe; treat an instance as owned by one dialog at a time.
/// </summary>
public sealed class SessionDescription
{
    /// <summary>Largest body <see cref="Parse(string)"/> accepts, in characters.</summary>
    public const int MaxLength = SdpParser.MaxLength;

    /// <summary>The <c>o=</c> line.</summary>
    public required SdpOrigin Origin { get; set; }

    /// <summary>The <c>s=</c> text; "-" when the author had nothing to say.</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>Session-level <c>c=</c>, the default for media sections without their own; null when absent.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>The <c>t=</c> lines with their <c>r=</c> repeat lines, in order.</summary>
    public List<SdpLine> TimeLines { get; } = [];

    /// <summary>Uninterpreted session-level lines (<c>i= u= e= p= b= z= k=</c> and unknown types), in order.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    /// <summary>Session-level attributes, in order, including unknown ones.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>The media sections in order; indexes matter for offer/answer (RFC 3264 §6).</summary>
    public List<SdpMediaDescription> Media { get; } = [];

    /// <summary>Session-level direction attribute, or null when absent.</summary>
    public SdpDirection? Direction => SdpAttributeLookup.FindDirection(Attributes);

    /// <summary>First session-level attribute called <paramref name="name"/> (case-insensitive), or null.</summary>
    public SdpAttribute? GetAttribute(string name) => SdpAttributeLookup.Find(Attributes, name);

    /// <summary>
    /// The direction in force for <paramref name="media"/>: its own attribute, else the session's, else sendrecv.
    /// </summary>
    public SdpDirection EffectiveDirection(SdpMediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Direction ?? Direction ?? SdpDirection.SendRecv;
    }

    /// <summary>The connection in force for <paramref name="media"/>: its own, else the session's, else null.</summary>
    public SdpConnection? EffectiveConnection(SdpMediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Connection ?? Connection;
    }

    /// <summary>Parses an SDP body. Accepts CRLF or bare LF line ends.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="SdpParseException">The body is malformed or larger than <see cref="MaxLength"/>.</exception>
    public static SessionDescription Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SdpParser.Parse(text);
    }

    /// <summary>Parses a UTF-8 SDP body as carried in a SIP message.</summary>
    /// <exception cref="SdpParseException">The body is malformed, not UTF-8, or larger than <see cref="MaxLength"/>.</exception>
    public static SessionDescription Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            throw new SdpParseException(0, $"body is {utf8.Length} bytes, the limit is {MaxLength}");
        }

        string text;
        try
        {
            text = SdpParser.StrictUtf8.GetString(utf8);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new SdpParseException(0, "body is not valid UTF-8");
        }

        return SdpParser.Parse(text);
    }

    /// <summary>Parses without throwing; <paramref name="error"/> explains a failure.</summary>
    public static bool TryParse(string? text, out SessionDescription? description, out SdpParseException? error)
    {
        description = null;
        error = null;
        if (text is null)
        {
            error = new SdpParseException(0, "body is missing");
            return false;
        }

        try
        {
            description = SdpParser.Parse(text);
            return true;
        }
        catch (SdpParseException ex)
        {
            error = ex;
            return false;
        }
    }

    /// <summary>Serializes in RFC 4566 line order with CRLF line ends.</summary>
    /// <exception cref="InvalidOperationException">A value in the model contains CR, LF or NUL.</exception>
    public override string ToString() => SdpSerializer.Serialize(this);
}

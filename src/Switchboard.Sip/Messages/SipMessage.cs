using System.Globalization;
using System.Text;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Messages;

/// <summary>
/// A SIP request or response (RFC 3261 §7): start line, ordered header fields with typed accessors for the fields the
/// transaction and dialog layers need, and a body. Messages from <see cref="SipParser"/> have every typed header
/// already validated, so the accessors never throw for them; on hand-built messages a missing or malformed
/// mandatory header throws <see cref="SipParseException"/>. Not thread-safe: one owner at a time. The message owns
/// its body array (the parser copies it out of the receive buffer).
/// </summary>
public abstract class SipMessage
{
    private protected SipMessage()
    {
    }

    /// <summary>The header fields in order.</summary>
    public SipHeaders Headers { get; } = new();

    /// <summary>The body (exactly Content-Length octets when parsed).</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>All Via values, top first, across every Via header field.</summary>
    public IReadOnlyList<ViaHeader> Vias => Collect<ViaHeader>(SipHeaderNames.Via);

    /// <summary>The topmost Via, or <see langword="null"/>.</summary>
    public ViaHeader? TopVia
    {
        get
        {
            SipHeader? h = Find(SipHeaderNames.Via);
            return h?.GetParsed() is ViaHeader[] { Length: > 0 } v ? v[0] : null;
        }
    }

    /// <summary>The From address.</summary>
    /// <exception cref="SipParseException">Missing or malformed on a hand-built message.</exception>
    public NameAddress From => Required<NameAddress>(SipHeaderNames.From);

    /// <summary>The To address.</summary>
    /// <exception cref="SipParseException">Missing or malformed on a hand-built message.</exception>
    public NameAddress To => Required<NameAddress>(SipHeaderNames.To);

    /// <summary>The Call-ID.</summary>
    /// <exception cref="SipParseException">Missing or malformed on a hand-built message.</exception>
    public string CallId => Required<string>(SipHeaderNames.CallId);

    /// <summary>The CSeq.</summary>
    /// <exception cref="SipParseException">Missing or malformed on a hand-built message.</exception>
    public CSeqHeader CSeq => Required<CSeqHeader>(SipHeaderNames.CSeq);

    /// <summary>Max-Forwards (0..255), or <see langword="null"/> when absent (RFC 2543 peers omit it).</summary>
    public int? MaxForwards => Find(SipHeaderNames.MaxForwards)?.GetParsed() as int?;

    /// <summary>The Content-Length as declared, or <see langword="null"/> when absent.</summary>
    public int? ContentLength => Find(SipHeaderNames.ContentLength)?.GetParsed() as int?;

    /// <summary>The Content-Type value (media type with parameters), or <see langword="null"/>.</summary>
    public string? ContentType => Find(SipHeaderNames.ContentType)?.GetParsed() as string;

    /// <summary>The Expires header in seconds (values past 2^32-1 clamped), or <see langword="null"/>.</summary>
    public long? Expires => Find(SipHeaderNames.Expires)?.GetParsed() as long?;

    /// <summary>The Date header, or <see langword="null"/>.</summary>
    public DateTimeOffset? Date => Find(SipHeaderNames.Date)?.GetParsed() as DateTimeOffset?;

    /// <summary>All Contact values in order (a single wildcard for <c>Contact: *</c>).</summary>
    public IReadOnlyList<ContactHeader> Contacts => Collect<ContactHeader>(SipHeaderNames.Contact);

    /// <summary>All Route values in order.</summary>
    public IReadOnlyList<NameAddress> Routes => Collect<NameAddress>(SipHeaderNames.Route);

    /// <summary>All Record-Route values in order.</summary>
    public IReadOnlyList<NameAddress> RecordRoutes => Collect<NameAddress>(SipHeaderNames.RecordRoute);

    /// <summary>The start line without CRLF.</summary>
    public abstract string StartLine { get; }

    /// <summary>
    /// Serializes the message canonically: full header names, one line per field, typed headers in canonical form,
    /// unknown headers as received (unfolded), and a Content-Length equal to the body length.
    /// </summary>
    public byte[] ToBytes()
    {
        var sb = new StringBuilder(512);
        sb.Append(StartLine).Append("\r\n");
        foreach (SipHeader h in Headers)
        {
            if (h.Name == SipHeaderNames.ContentLength)
            {
                continue;
            }

            sb.Append(h.Name).Append(": ").Append(h.FormatValue()).Append("\r\n");
        }

        sb.Append(SipHeaderNames.ContentLength).Append(": ").Append(Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        int headLength = Encoding.UTF8.GetByteCount(sb.ToString());
        byte[] bytes = new byte[headLength + Body.Length];
        Encoding.UTF8.GetBytes(sb.ToString(), bytes);
        Body.Span.CopyTo(bytes.AsSpan(headLength));
        return bytes;
    }

    /// <summary>The serialized message as text (bodies that are not UTF-8 are shown with replacement characters).</summary>
    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    private SipHeader? Find(string canonicalName) => Headers.Items.Find(h => h.Name == canonicalName);

    private T Required<T>(string canonicalName)
        where T : class =>
        Find(canonicalName)?.GetParsed() as T
        ?? throw new SipParseException(SipParseError.Respond(400, $"Missing {canonicalName} header"));

    private List<T> Collect<T>(string canonicalName)
    {
        var list = new List<T>();
        foreach (SipHeader h in Headers.Items)
        {
            if (h.Name == canonicalName && h.GetParsed() is T[] values)
            {
                list.AddRange(values);
            }
        }

        return list;
    }
}

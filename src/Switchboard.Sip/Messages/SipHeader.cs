using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Messages;

/// <summary>
/// One header field: its name (canonical for known headers, exactly as received for unknown ones) and its value
/// (unfolded, trimmed). Known headers also hold their typed value once parsed, so changes made through typed objects
/// (for instance adding <c>received</c> to a <see cref="ViaHeader"/>) are what <see cref="SipMessage.ToBytes"/> writes.
/// Not thread-safe: a message belongs to one transaction at a time.
/// </summary>
public sealed class SipHeader
{
    private object? _parsed;

    /// <summary>Creates a header field; a compact or differently-cased known name is canonicalized.</summary>
    /// <exception cref="ArgumentException">The name is not a token or the value contains CR or LF.</exception>
    public SipHeader(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!SipSyntax.IsToken(name))
        {
            throw new ArgumentException("A header name must be a non-empty token.", nameof(name));
        }

        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A header value cannot contain CR or LF; fold nothing, it is written on one line.", nameof(value));
        }

        Name = SipHeaderNames.Canonicalize(name) ?? name;
        Value = value.Trim();
    }

    internal SipHeader(string canonicalOrRawName, string value, object? parsed)
    {
        Name = canonicalOrRawName;
        Value = value;
        _parsed = parsed;
    }

    /// <summary>Canonical name for known headers, original spelling for unknown ones.</summary>
    public string Name { get; }

    /// <summary>The value as received, unfolded (each CRLF+LWS replaced by one space) and trimmed.</summary>
    public string Value { get; }

    /// <summary>True when <see cref="Name"/> equals <paramref name="name"/> (case-insensitive, compact forms accepted).</summary>
    public bool Is(string name) =>
        string.Equals(Name, SipHeaderNames.Canonicalize(name) ?? name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The typed value for known headers (parsing on first use); null for headers without a typed form.</summary>
    /// <exception cref="SipParseException">The value is malformed (suggested status 400).</exception>
    internal object? GetParsed()
    {
        if (_parsed is null && HeaderCodec.HasTypedForm(Name))
        {
            if (!HeaderCodec.TryParse(Name, Value, out _parsed, out string? error))
            {
                throw new SipParseException(SipParseError.Respond(400, $"Malformed {Name} header: {error}"));
            }
        }

        return _parsed;
    }

    /// <summary>The value to serialize: the typed value's canonical form when there is one.</summary>
    internal string FormatValue() => _parsed is null ? Value : HeaderCodec.Format(_parsed);

    /// <inheritdoc />
    public override string ToString() => Name + ": " + FormatValue();
}

using System.Globalization;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Messages;

/// <summary>The CSeq header (RFC 3261 §20.16): a 32-bit sequence number and a method. Immutable; thread-safe.</summary>
public sealed class CSeqHeader
{
    /// <summary>Creates a CSeq.</summary>
    /// <exception cref="ArgumentException">The method is not a token.</exception>
    public CSeqHeader(uint sequence, string method)
    {
        if (!SipSyntax.IsToken(method))
        {
            throw new ArgumentException("A method must be a non-empty token.", nameof(method));
        }

        Sequence = sequence;
        Method = method;
    }

    /// <summary>The sequence number.</summary>
    public uint Sequence { get; }

    /// <summary>The method (case-sensitive, RFC 3261 §7.1).</summary>
    public string Method { get; }

    internal static CSeqHeader? TryParse(ReadOnlySpan<char> s, out string? error)
    {
        int i = SipSyntax.SkipWs(s, 0);
        int start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (!SipSyntax.TryParseUInt(s[start..i], uint.MaxValue, out uint seq))
        {
            error = "CSeq number missing or larger than 2^32-1";
            return null;
        }

        int m = SipSyntax.SkipWs(s, i);
        ReadOnlySpan<char> method = s[m..].TrimEnd(" \t");
        if (m == i || !SipSyntax.IsToken(method))
        {
            error = "CSeq method missing or not a token";
            return null;
        }

        error = null;
        return new CSeqHeader(seq, method.ToString());
    }

    /// <inheritdoc />
    public override string ToString() => Sequence.ToString(CultureInfo.InvariantCulture) + " " + Method;
}

using System.Globalization;
using System.Text;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Messages;

/// <summary>
/// One Via value (RFC 3261 §20.42, §18.2.1, RFC 3581): sent-protocol, sent-by and parameters, with typed access to
/// branch, received, rport, maddr and ttl. Not thread-safe for mutation of <see cref="Parameters"/>; concurrent reads are safe.
/// </summary>
public sealed class ViaHeader
{
    /// <summary>The RFC 3261 branch prefix (§8.1.1.7).</summary>
    public const string MagicCookie = "z9hG4bK";

    /// <summary>Creates a Via for SIP/2.0.</summary>
    /// <exception cref="ArgumentException">The transport is not a token or the host is not a host.</exception>
    public ViaHeader(string transport, string host, int? port = null, string? branch = null)
        : this("SIP", "2.0", transport, host, port)
    {
        if (!SipSyntax.IsHost(host))
        {
            throw new ArgumentException("Not a host name or IP literal.", nameof(host));
        }

        if (!SipSyntax.IsToken(transport))
        {
            throw new ArgumentException("A transport must be a token.", nameof(transport));
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A port is 0..65535.");
        }

        if (branch is not null)
        {
            Parameters.Add("branch", branch);
        }
    }

    private ViaHeader(string protocolName, string protocolVersion, string transport, string host, int? port)
    {
        ProtocolName = protocolName;
        ProtocolVersion = protocolVersion;
        Transport = transport;
        Host = host;
        Port = port;
    }

    /// <summary>Protocol name, normally <c>SIP</c>.</summary>
    public string ProtocolName { get; }

    /// <summary>Protocol version, normally <c>2.0</c>.</summary>
    public string ProtocolVersion { get; }

    /// <summary>Transport as received (UDP, TCP, TLS, SCTP, WS, or an unknown token), upper-cased.</summary>
    public string Transport { get; }

    /// <summary>sent-by host; IPv6 references keep their brackets.</summary>
    public string Host { get; }

    /// <summary>sent-by port, if given.</summary>
    public int? Port { get; }

    /// <summary>All parameters in order.</summary>
    public SipParameters Parameters { get; } = new();

    /// <summary>The branch parameter, if any (absent in RFC 2543 messages).</summary>
    public string? Branch => Parameters.GetValue("branch");

    /// <summary>True when the branch carries the RFC 3261 magic cookie and an actual identifier after it.</summary>
    public bool HasRfc3261Branch => Branch is { Length: > 7 } b && b.StartsWith(MagicCookie, StringComparison.Ordinal);

    /// <summary>The received parameter, if any.</summary>
    public string? Received => Parameters.GetValue("received");

    /// <summary>The maddr parameter, if any.</summary>
    public string? Maddr => Parameters.GetValue("maddr");

    /// <summary>The ttl parameter (0..255), if any.</summary>
    public int? Ttl => Parameters.GetValue("ttl") is string t && SipSyntax.TryParseUInt(t, 255, out uint v) ? (int)v : null;

    /// <summary>True when an rport parameter is present, with or without a value (RFC 3581).</summary>
    public bool HasRPort => Parameters.Contains("rport");

    /// <summary>The rport value, when filled in.</summary>
    public int? RPort => Parameters.GetValue("rport") is string r && SipSyntax.TryParseUInt(r, 65535, out uint v) ? (int)v : null;

    internal static ViaHeader? TryParse(ReadOnlySpan<char> s, out string? error)
    {
        error = "malformed sent-protocol";
        int i = SipSyntax.SkipWs(s, 0);
        if (!ReadPart(s, ref i, out ReadOnlySpan<char> name) || !Slash(s, ref i)
            || !ReadPart(s, ref i, out ReadOnlySpan<char> version) || !Slash(s, ref i)
            || !ReadPart(s, ref i, out ReadOnlySpan<char> transport))
        {
            return null;
        }

        int hostStart = SipSyntax.SkipWs(s, i);
        if (hostStart == i)
        {
            error = "missing LWS before sent-by";
            return null;
        }

        i = hostStart;
        if (i < s.Length && s[i] == '[')
        {
            int close = s[i..].IndexOf(']');
            i = close < 0 ? s.Length + 1 : i + close + 1;
        }
        else
        {
            while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '-' or '.' or '_'))
            {
                i++;
            }
        }

        if (i > s.Length || !SipSyntax.IsHost(s[hostStart..i]))
        {
            error = "malformed sent-by host";
            return null;
        }

        string host = s[hostStart..i].ToString();
        int? port = null;
        i = SipSyntax.SkipWs(s, i);
        if (i < s.Length && s[i] == ':')
        {
            i = SipSyntax.SkipWs(s, i + 1);
            int ps = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (!SipSyntax.TryParseUInt(s[ps..i], 65535, out uint p))
            {
                error = "malformed sent-by port";
                return null;
            }

            port = (int)p;
        }

        var via = new ViaHeader(name.ToString(), version.ToString(), transport.ToString().ToUpperInvariant(), host, port);
        if (!SipSyntax.TryParseParams(s, i, via.Parameters, out error))
        {
            return null;
        }

        if ((via.Parameters.Contains("ttl") && via.Ttl is null)
            || (via.Parameters.TryGetValue("rport", out string? rport) && rport is not null && via.RPort is null)
            || (via.Parameters.TryGetValue("branch", out string? branch) && branch is null)
            || (via.Parameters.TryGetValue("received", out string? received) && (received is null || !SipSyntax.IsHostOrBareIpv6(received)))
            || (via.Parameters.TryGetValue("maddr", out string? maddr) && (maddr is null || !SipSyntax.IsHostOrBareIpv6(maddr))))
        {
            error = "malformed Via parameter (ttl, rport, branch, received or maddr)";
            return null;
        }

        error = null;
        return via;
    }

    private static bool ReadPart(ReadOnlySpan<char> s, ref int i, out ReadOnlySpan<char> part)
    {
        i = SipSyntax.SkipWs(s, i);
        int start = i;
        i = SipSyntax.ReadToken(s, i);
        part = s[start..i];
        return i > start;
    }

    private static bool Slash(ReadOnlySpan<char> s, ref int i)
    {
        i = SipSyntax.SkipWs(s, i);
        if (i < s.Length && s[i] == '/')
        {
            i++;
            return true;
        }

        return false;
    }

    /// <summary>The canonical form: <c>SIP/2.0/UDP host:port;params</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(64);
        sb.Append(ProtocolName).Append('/').Append(ProtocolVersion).Append('/').Append(Transport).Append(' ').Append(Host);
        if (Port is int p)
        {
            sb.Append(':').Append(p.ToString(CultureInfo.InvariantCulture));
        }

        SipSyntax.AppendParams(sb, Parameters);
        return sb.ToString();
    }
}

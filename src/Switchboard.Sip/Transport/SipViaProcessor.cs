using System.Globalization;
using System.Net;
using Switchboard.Sip.Messages;

namespace Switchboard.Sip.Transport;

/// <summary>Via rules of RFC 3261 §18.2.1/§18.2.2 and RFC 3581 (rport). Stateless; thread-safe.</summary>
internal static class SipViaProcessor
{
    private const int DefaultPort = 5060;

    /// <summary>Adds <c>received</c> when sent-by differs from the source, and fills an empty <c>rport</c>.</summary>
    public static void StampReceived(ViaHeader via, SipEndPoint source)
    {
        bool sameHost = TryParseHost(via.Host, out IPAddress? sentBy) && sentBy.Equals(source.Address);
        if (via.HasRPort && via.RPort is null)
        {
            // RFC 3581 §4: received is added even when it equals sent-by, together with the source port.
            via.Parameters.Set("rport", source.Port.ToString(CultureInfo.InvariantCulture));
            via.Parameters.Set("received", source.Address.ToString());
        }
        else if (!sameHost)
        {
            via.Parameters.Set("received", source.Address.ToString());
        }
    }

    /// <summary>
    /// Where a response goes (RFC 3261 §18.2.2): reliable transports answer on the connection the request used;
    /// otherwise maddr, then received+rport, then received+sent-by port, then sent-by. A sent-by that is a host name
    /// would need RFC 3263 resolution, which we do not do: the request's source is used instead.
    /// </summary>
    public static SipEndPoint ResolveResponseTarget(ViaHeader? via, bool reliable, SipEndPoint source)
    {
        if (reliable || via is null)
        {
            return source;
        }

        int port = via.Port ?? DefaultPort;
        if (via.Maddr is string maddr && TryParseHost(maddr, out IPAddress? m))
        {
            return new SipEndPoint(m, port);
        }

        IPAddress? received = via.Received is string r && TryParseHost(r, out IPAddress? ra) ? ra : null;
        if (via.RPort is int rport)
        {
            return new SipEndPoint(received ?? source.Address, rport);
        }

        if (received is not null)
        {
            return new SipEndPoint(received, port);
        }

        return TryParseHost(via.Host, out IPAddress? host) ? new SipEndPoint(host, port) : source;
    }

    private static bool TryParseHost(string host, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        ReadOnlySpan<char> h = host.AsSpan();
        if (h.Length > 2 && h[0] == '[' && h[^1] == ']')
        {
            h = h[1..^1];
        }

        if (IPAddress.TryParse(h, out address))
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            return true;
        }

        return false;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Switchboard.Sip.Transport;

/// <summary>
/// An IP address and port a SIP message came from or goes to. IPv4-mapped IPv6 addresses are normalized to IPv4 so
/// that the same peer always compares equal. Immutable; thread-safe.
/// </summary>
public sealed record SipEndPoint
{
    /// <summary>Creates an endpoint.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0..65535.</exception>
    public SipEndPoint(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        Port = port;
    }

    /// <summary>The IP address.</summary>
    public IPAddress Address { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The host as written in a Via sent-by or a URI: IPv6 in brackets.</summary>
    public string Host => Address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + Address + "]" : Address.ToString();

    /// <summary>Converts a socket endpoint.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endPoint"/> is null.</exception>
    public static SipEndPoint FromIPEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return new SipEndPoint(endPoint.Address, endPoint.Port);
    }

    /// <summary>The socket endpoint.</summary>
    public IPEndPoint ToIPEndPoint() => new(Address, Port);

    /// <inheritdoc />
    public override string ToString() => Host + ":" + Port.ToString(CultureInfo.InvariantCulture);
}

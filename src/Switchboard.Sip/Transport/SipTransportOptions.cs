using System.Net;

namespace Switchboard.Sip.Transport;

/// <summary>Where a transport binds and its limits. Immutable after construction; shareable between threads.</summary>
public sealed class SipTransportOptions
{
    /// <summary>Largest datagram we accept or send over UDP (RFC 3261 allows up to the IP limit).</summary>
    public const int MaxDatagramSize = 65_535;

    /// <summary>Local address to bind (IPv4 or IPv6; IPv6 sockets are IPv6-only). Default 0.0.0.0.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>Local port; 0 picks an ephemeral port. Default 5060.</summary>
    public int Port { get; init; } = 5060;

    /// <summary>
    /// Host written in the sent-by of our Via headers (a name or IP literal, IPv6 in brackets). Set it when binding a
    /// wildcard address, since 0.0.0.0 cannot be answered to; null uses the bound address.
    /// </summary>
    public string? AdvertisedHost { get; init; }

    /// <summary>Largest message accepted on a TCP stream, header and body. Default 65,535.</summary>
    public int MaxTcpMessageSize { get; init; } = 65_535;

    /// <summary>A TCP connection with no traffic for this long is closed. Default 2 minutes.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an outbound TCP connect may take. Default 10 s.</summary>
    public TimeSpan TcpConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most simultaneous TCP connections; further accepts are closed at once. Default 1,024.</summary>
    public int MaxTcpConnections { get; init; } = 1024;

    /// <summary>Messages queued per TCP connection before <see cref="ISipTransport.TrySend"/> fails. Default 256.</summary>
    public int TcpSendQueueCapacity { get; init; } = 256;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(BindAddress, nameof(BindAddress));
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port must be 0..65535 (was {Port}).", nameof(Port));
        }

        if (AdvertisedHost is not null && !Parsing.SipSyntax.IsHost(AdvertisedHost))
        {
            throw new ArgumentException("AdvertisedHost must be a host name or IP literal (IPv6 in brackets).", nameof(AdvertisedHost));
        }

        if (MaxTcpMessageSize is < 256 or > 16 * 1024 * 1024)
        {
            throw new ArgumentException("MaxTcpMessageSize must be 256 bytes .. 16 MB.", nameof(MaxTcpMessageSize));
        }

        if (TcpIdleTimeout <= TimeSpan.Zero || TcpConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("TCP timeouts must be positive.", nameof(TcpIdleTimeout));
        }

        if (MaxTcpConnections < 1 || TcpSendQueueCapacity < 1)
        {
            throw new ArgumentException("MaxTcpConnections and TcpSendQueueCapacity must be at least 1.", nameof(MaxTcpConnections));
        }
    }
}

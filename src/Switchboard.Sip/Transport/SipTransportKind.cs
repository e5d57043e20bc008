namespace Switchboard.Sip.Transport;

/// <summary>The transport protocol a message travelled on (RFC 3261 §18).</summary>
public enum SipTransportKind
{
    /// <summary>UDP: unreliable, so the transaction layer retransmits.</summary>
    Udp,

    /// <summary>TCP: reliable, stream framed by Content-Length.</summary>
    Tcp,

    /// <summary>TLS over TCP; reserved for the TLS transport that plugs into <see cref="ISipTransport"/> later.</summary>
    Tls,
}

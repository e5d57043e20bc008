using System.Net;

namespace Switchboard.Sip.Echo;

/// <summary>Where <see cref="SipEchoServer"/> listens.</summary>
public sealed class SipEchoServerOptions
{
    /// <summary>SIP and RTP bind address; must be a concrete address (it is written into SDP).</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>SIP port for UDP and TCP; 0 picks a free one (see <see cref="SipEchoServer.Port"/>).</summary>
    public int Port { get; set; } = 5060;

    public int RtpMinPort { get; set; } = 10000;
    public int RtpMaxPort { get; set; } = 20000;

    /// <exception cref="ArgumentException">An option is unusable.</exception>
    public void Validate()
    {
        if (BindAddress.Equals(IPAddress.Any) || BindAddress.Equals(IPAddress.IPv6Any))
            throw new ArgumentException("The echo server needs a concrete bind address (it goes into the SDP), not 0.0.0.0 or ::.", nameof(BindAddress));
        if (Port is < 0 or > 65535) throw new ArgumentException("Port must be 0 to 65535.", nameof(Port));
        if (RtpMinPort < 1024 || RtpMaxPort > 65535 || RtpMaxPort - RtpMinPort < 3)
            throw new ArgumentException("The RTP port range must lie within 1024-65535 and hold at least two port pairs.", nameof(RtpMinPort));
    }
}

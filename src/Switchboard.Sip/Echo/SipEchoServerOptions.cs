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

    /// <summary>
    /// Requests one source IP may send per 2 s before it is blocked for a minute (the flood guard); 0 (default) turns it
    /// off, which a load test from one address needs.
    /// </summary>
    public int FloodLimitPer2Seconds { get; set; }

    /// <summary>Drop requests from known scanner User-Agents (sipvicious, friendly-scanner, ...) unanswered. Default on.</summary>
    public bool DropScanners { get; set; } = true;

    /// <summary>
    /// When not empty, only INVITEs from these addresses or CIDR ranges are answered; any other source gets a digest
    /// challenge it cannot meet (the echo server has no accounts). Empty (default): anyone who reaches the port.
    /// </summary>
    public IReadOnlyList<string> AllowFrom { get; set; } = [];

    /// <summary>Run the media clock in Linux's SCHED_FIFO real-time class where allowed (<see cref="Rtp.MediaClock"/>). Default off.</summary>
    public bool RealTimeClock { get; set; }

    /// <exception cref="ArgumentException">An option is unusable.</exception>
    public void Validate()
    {
        if (BindAddress.Equals(IPAddress.Any) || BindAddress.Equals(IPAddress.IPv6Any))
            throw new ArgumentException("The echo server needs a concrete bind address (it goes into the SDP), not 0.0.0.0 or ::.", nameof(BindAddress));
        if (Port is < 0 or > 65535) throw new ArgumentException("Port must be 0 to 65535.", nameof(Port));
        if (RtpMinPort < 1024 || RtpMaxPort > 65535 || RtpMaxPort - RtpMinPort < 3)
            throw new ArgumentException("The RTP port range must lie within 1024-65535 and hold at least two port pairs.", nameof(RtpMinPort));
        if (FloodLimitPer2Seconds is < 0 or > 100_000) throw new ArgumentException("The flood limit must be 0 (off) to 100000 requests per 2 s.", nameof(FloodLimitPer2Seconds));
        ArgumentNullException.ThrowIfNull(AllowFrom);
        _ = new Auth.IpAllowList(AllowFrom); // names a bad entry
    }
}

using System.Globalization;
using System.Net;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>The server's SIP listener, section <c>Sip</c> (see docs/telephony.md).</summary>
internal sealed class SipGatewayOptions
{
    public const string Section = "Sip";

    /// <summary>Whether the server answers SIP at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address SIP (UDP and TCP) and RTP bind to.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>SIP port for UDP and TCP; 0 picks a free one (tests), reported by <see cref="SipGateway.Status"/>.</summary>
    public int Port { get; set; } = 5060;

    /// <summary>RTP ports as <c>FROM-TO</c>; each call takes an even/odd pair.</summary>
    public string RtpPortRange { get; set; } = "10000-20000";

    /// <summary>
    /// Address written into SDP and Contact, where peers send media and requests. Default: the bind address, or
    /// 127.0.0.1 when binding 0.0.0.0 / :: (set it to the machine's reachable address for real phones and trunks).
    /// </summary>
    public string? PublicAddress { get; set; }

    /// <summary>Per-source-IP request limit (flood protection); requests over it are dropped unanswered.</summary>
    public bool FloodGuard { get; set; } = true;

    /// <summary>Requests one source IP may send per 2 s before it is blocked for a minute (with <see cref="FloodGuard"/>).</summary>
    public int FloodMaxRequestsPer2Seconds { get; set; } = 40;

    /// <summary>Drop requests from known scanner User-Agents (sipvicious, friendly-scanner, ...) unanswered.</summary>
    public bool DropScanners { get; set; } = true;

    /// <summary>
    /// Digest authentication of incoming INVITEs (RFC 8760 SHA-256 and MD5) against <see cref="Users"/>; sources in
    /// <see cref="TrustedNetworks"/> (a carrier's SBCs) pass without a challenge. Off by default.
    /// </summary>
    public bool Authenticate { get; set; }

    /// <summary>The digest realm.</summary>
    public string AuthRealm { get; set; } = "switchboard";

    /// <summary>SIP accounts allowed to call in, username to password (<c>Sip:Users:alice=secret</c>).</summary>
    public Dictionary<string, string> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Addresses or CIDR ranges trusted without a challenge (and exempt from the flood guard).</summary>
    public List<string> TrustedNetworks { get; set; } = [];

    /// <summary>
    /// Key for digest nonces, at least 32 characters; share it between nodes so any node accepts any node's nonce.
    /// Empty: a random key per process (fine on one node).
    /// </summary>
    public string? NonceSecret { get; set; }

    /// <summary>In-band DTMF detection: true, false, or empty (default) for "only when the peer offered no RFC 4733".</summary>
    public bool? DetectInBandDtmf { get; set; }

    /// <summary>How long a REFER transfer waits for the transferee's final NOTIFY.</summary>
    public int TransferTimeoutSeconds { get; set; } = 15;

    /// <summary>How long the second call of a transfer (warm, or cold when REFER is refused) may ring before it counts as no answer.</summary>
    public int TransferRingTimeoutSeconds { get; set; } = 30;

    /// <summary>How often trunk registrations are reconciled with the trunks API (new, changed, removed trunks).</summary>
    public int TrunkSyncSeconds { get; set; } = 30;

    /// <summary>
    /// Run the media clock thread in Linux's SCHED_FIFO real-time class where the process may (root or CAP_SYS_NICE):
    /// every call's packets then leave on time even when other work keeps all cores busy. Off by default.
    /// </summary>
    public bool RealTimeClock { get; set; }

    internal IPAddress Bind => IPAddress.Parse(BindAddress);

    internal IPAddress Public
    {
        get
        {
            if (PublicAddress is { Length: > 0 } configured) return IPAddress.Parse(configured);
            var bind = Bind;
            return bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : bind;
        }
    }

    internal (int Min, int Max) RtpPorts
    {
        get
        {
            var parts = RtpPortRange.Split('-', 2, StringSplitOptions.TrimEntries);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
    }

    /// <exception cref="InvalidOperationException">A setting is unusable; the message names it.</exception>
    public void Validate()
    {
        if (!IPAddress.TryParse(BindAddress, out _)) throw new InvalidOperationException($"Sip:BindAddress '{BindAddress}' is not an IP address.");
        if (PublicAddress is { Length: > 0 } p && !IPAddress.TryParse(p, out _))
            throw new InvalidOperationException($"Sip:PublicAddress '{p}' is not an IP address (host names are not resolved).");
        if (Port is < 0 or > 65535) throw new InvalidOperationException("Sip:Port must be 0 to 65535.");
        var parts = (RtpPortRange ?? "").Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max) || min < 1024 || max > 65535 || max - min < 3)
            throw new InvalidOperationException($"Sip:RtpPortRange '{RtpPortRange}' must be FROM-TO within 1024-65535 holding at least two port pairs.");
        if (FloodMaxRequestsPer2Seconds < 1) throw new InvalidOperationException("Sip:FloodMaxRequestsPer2Seconds must be 1 or more.");
        if (TransferTimeoutSeconds < 1) throw new InvalidOperationException("Sip:TransferTimeoutSeconds must be 1 or more.");
        if (TransferRingTimeoutSeconds is < 5 or > 300) throw new InvalidOperationException("Sip:TransferRingTimeoutSeconds must be 5 to 300.");
        if (TrunkSyncSeconds < 1) throw new InvalidOperationException("Sip:TrunkSyncSeconds must be 1 or more.");
        if (Authenticate && Users.Count == 0 && TrustedNetworks.Count == 0)
            throw new InvalidOperationException("Sip:Authenticate is on but neither Sip:Users nor Sip:TrustedNetworks lets anyone call.");
        if (NonceSecret is { Length: > 0 and < 32 }) throw new InvalidOperationException("Sip:NonceSecret must be at least 32 characters.");
        try
        {
            _ = new Switchboard.Sip.Auth.IpAllowList(TrustedNetworks);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Sip:TrustedNetworks: {e.Message}", e);
        }
    }
}

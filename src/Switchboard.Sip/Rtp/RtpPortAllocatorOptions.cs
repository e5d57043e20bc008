using System.Net;

namespace Switchboard.Sip.Rtp;

/// <summary>Configuration of an <see cref="RtpPortAllocator"/>. Mutable; read once at construction.</summary>
public sealed class RtpPortAllocatorOptions
{
    /// <summary>Lowest port of the range (rounded up to even). Default 10000.</summary>
    public int MinPort { get; set; } = 10000;

    /// <summary>Highest port of the range (an RTCP port may be this). Default 20000.</summary>
    public int MaxPort { get; set; } = 20000;

    /// <summary>Address to bind (IPv4 or IPv6, e.g. <see cref="IPAddress.IPv6Any"/>). Default <see cref="IPAddress.Any"/>.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Any;

    internal void Validate()
    {
        if (MinPort is < 1 or > 65534 || MaxPort is < 2 or > 65535 || MaxPort <= MinPort)
        {
            throw new ArgumentException($"The RTP port range {MinPort}-{MaxPort} must lie in 1-65535 and hold at least one even/odd pair.", nameof(MinPort));
        }

        int first = (MinPort + 1) & ~1;
        if (first + 1 > MaxPort)
        {
            throw new ArgumentException($"The RTP port range {MinPort}-{MaxPort} holds no even/odd pair.", nameof(MinPort));
        }

        ArgumentNullException.ThrowIfNull(BindAddress);
    }
}

using System.Net;
using System.Net.Sockets;

namespace Switchboard.ControlPlane.Outbound;

/// <summary>
/// Classifies an address a customer URL resolved to. Anything that is not plainly a public unicast address is
/// refused, including IPv6 forms that carry an IPv4 address inside them, because those reach the same hosts.
/// </summary>
internal static class AddressPolicy
{
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, GCP, Azure, OpenStack, DigitalOcean
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("fd00:ec2::254"),   // AWS over IPv6
    ];

    private static readonly (IPNetwork Network, OutboundRefusalReason Reason)[] V4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), OutboundRefusalReason.Unspecified),
        (IPNetwork.Parse("10.0.0.0/8"), OutboundRefusalReason.Private),
        (IPNetwork.Parse("100.64.0.0/10"), OutboundRefusalReason.CarrierGradeNat),
        (IPNetwork.Parse("127.0.0.0/8"), OutboundRefusalReason.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), OutboundRefusalReason.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), OutboundRefusalReason.Private),
        (IPNetwork.Parse("192.0.0.0/24"), OutboundRefusalReason.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), OutboundRefusalReason.Reserved),
        (IPNetwork.Parse("192.88.99.0/24"), OutboundRefusalReason.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), OutboundRefusalReason.Private),
        (IPNetwork.Parse("198.18.0.0/15"), OutboundRefusalReason.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), OutboundRefusalReason.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), OutboundRefusalReason.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), OutboundRefusalReason.Multicast),
        (IPNetwork.Parse("240.0.0.0/4"), OutboundRefusalReason.Reserved),
    ];

    private static readonly (IPNetwork Network, OutboundRefusalReason Reason)[] V6 =
    [
        (IPNetwork.Parse("::/128"), OutboundRefusalReason.Unspecified),
        (IPNetwork.Parse("::1/128"), OutboundRefusalReason.Loopback),
        (IPNetwork.Parse("64:ff9b:1::/48"), OutboundRefusalReason.Private), // local-use NAT64 (RFC 8215)
        (IPNetwork.Parse("100::/64"), OutboundRefusalReason.Reserved),       // discard-only
        (IPNetwork.Parse("2001:db8::/32"), OutboundRefusalReason.Reserved),  // documentation
        (IPNetwork.Parse("fc00::/7"), OutboundRefusalReason.Private),        // unique local
        (IPNetwork.Parse("fe80::/10"), OutboundRefusalReason.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), OutboundRefusalReason.Private),       // deprecated site-local
        (IPNetwork.Parse("ff00::/8"), OutboundRefusalReason.Multicast),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");
    private static readonly IPNetwork V4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork V4Translated = IPNetwork.Parse("::ffff:0:0:0/96");

    public static bool IsMetadata(IPAddress address)
    {
        foreach (var candidate in MetadataAddresses)
        {
            if (candidate.Equals(address)) return true;
        }
        return address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedV4(address) is { } v4 && IsMetadata(v4);
    }

    /// <summary>Null when the address is public unicast; otherwise why it is refused.</summary>
    public static OutboundRefusalReason? Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IsMetadata(address)) return OutboundRefusalReason.Metadata;

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            if (address.Equals(IPAddress.Broadcast)) return OutboundRefusalReason.Reserved;
            foreach (var (network, reason) in V4)
            {
                if (network.Contains(address)) return reason;
            }
            return null;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6) return OutboundRefusalReason.Reserved;
        foreach (var (network, reason) in V6)
        {
            if (network.Contains(address)) return reason;
        }
        if (EmbeddedV4(address) is { } embedded)
        {
            // A public IPv4 inside a transition prefix is as reachable as the IPv4 itself; a private one is a
            // way around the IPv4 checks.
            return Classify(embedded) is null ? null : OutboundRefusalReason.EmbeddedIpv4;
        }
        return null;
    }

    /// <summary>The IPv4 address an IPv6 transition form carries (Teredo: the client's; the server's is public).</summary>
    internal static IPAddress? EmbeddedV4(IPAddress v6)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!v6.TryWriteBytes(bytes, out _)) return null;
        if (Nat64.Contains(v6) || V4Compatible.Contains(v6) || V4Translated.Contains(v6)) return new IPAddress(bytes[12..16]);
        if (SixToFour.Contains(v6)) return new IPAddress(bytes[2..6]);
        if (Teredo.Contains(v6))
        {
            Span<byte> client = stackalloc byte[4];
            for (var i = 0; i < 4; i++) client[i] = (byte)~bytes[12 + i];
            var clientAddress = new IPAddress(client);
            var serverAddress = new IPAddress(bytes[4..8]);
            // Either end being internal makes the whole address suspect.
            return Classify(clientAddress) is not null ? clientAddress : serverAddress;
        }
        return null;
    }
}

using System.Net;
using System.Net.Sockets;

namespace Switchboard.Sip.Auth;

/// <summary>
/// CIDR allow-list (IPv4 and IPv6) for peers that are trusted without a challenge, e.g. a carrier's SIP
/// trunk addresses. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match IPv4 entries. Immutable and thread-safe.
/// </summary>
public sealed class IpAllowList
{
    private readonly IPNetwork[] _networks;

    /// <summary>Builds the list from CIDR strings ("203.0.113.0/24", "2001:db8::/32") or bare addresses.</summary>
    /// <exception cref="ArgumentException">An entry is not an address or CIDR block (the message names it).</exception>
    public IpAllowList(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var networks = new List<IPNetwork>();
        foreach (string entry in entries)
        {
            networks.Add(ParseEntry(entry));
        }

        _networks = [.. networks];
    }

    /// <summary>An empty list that allows nobody.</summary>
    public static IpAllowList Empty { get; } = new([]);

    /// <summary>Number of networks in the list.</summary>
    public int Count => _networks.Length;

    /// <summary>True when <paramref name="address"/> lies in one of the networks.</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (IPNetwork network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork ParseEntry(string entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            throw new ArgumentException("Allow-list entries must not be empty.", nameof(entry));
        }

        string text = entry.Trim();
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out IPAddress? address))
        {
            throw new ArgumentException($"'{entry}' is not an IP address or CIDR block.", nameof(entry));
        }

        int maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out prefix) || prefix > maxPrefix))
        {
            throw new ArgumentException($"'{entry}' has an invalid prefix length (0-{maxPrefix}).", nameof(entry));
        }

        // Candidates are compared in IPv4 form when mapped, so a mapped entry must be stored that way too.
        if (address.IsIPv4MappedToIPv6)
        {
            if (prefix < 96)
            {
                throw new ArgumentException($"'{entry}' spans beyond the IPv4-mapped range; use a prefix of 96 or more.", nameof(entry));
            }

            address = address.MapToIPv4();
            prefix -= 96;
        }

        // Accept "10.1.2.3/8" as meaning 10.0.0.0/8 rather than failing on set host bits, as admins write both.
        return new IPNetwork(MaskHostBits(address, prefix), prefix);
    }

    private static IPAddress MaskHostBits(IPAddress address, int prefix)
    {
        byte[] bytes = address.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int bitsInByte = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsInByte));
        }

        return new IPAddress(bytes);
    }
}

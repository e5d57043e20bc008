using System.Net;
using System.Net.Sockets;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// Builds and validates partition keys, so that every caller spells them the same way and a key can never
/// smuggle a separator into the store's key space.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class RateLimitPartitions
{
    /// <summary>Longest accepted partition key.</summary>
    public const int MaxLength = 256;

    /// <summary>Partition for one API key: <c>key:{keyId}</c>.</summary>
    public static string ForApiKey(string keyId) => "key:" + CheckPart(keyId, nameof(keyId));

    /// <summary>Partition for one organization: <c>org:{organizationId}</c>.</summary>
    public static string ForOrganization(string organizationId) => "org:" + CheckPart(organizationId, nameof(organizationId));

    /// <summary>
    /// Partition for unauthenticated traffic from one client address: <c>ip:{address}</c>. IPv4-mapped IPv6
    /// addresses count as their IPv4 address. IPv6 addresses are reduced to their /64 prefix, because a single
    /// subscriber is normally handed a whole /64 and could otherwise rotate through 2^64 fresh partitions.
    /// </summary>
    public static string ForClientIp(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            return "ip:" + new IPAddress(bytes).ToString() + "/64";
        }

        return "ip:" + address.ToString();
    }

    /// <summary>
    /// Partition for an expensive endpoint group and the principal calling it (an API key id, or an address
    /// partition for anonymous callers): <c>ep:{endpointGroup}:{principal}</c>.
    /// </summary>
    public static string ForEndpoint(string endpointGroup, string principal) =>
        "ep:" + CheckPart(endpointGroup, nameof(endpointGroup)) + ":" + CheckPart(principal, nameof(principal), allowColon: true);

    /// <summary>Throws unless <paramref name="partitionKey"/> is usable as a store key.</summary>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty, longer than <see cref="MaxLength"/>, or has whitespace or control characters.</exception>
    public static void Validate(string partitionKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(partitionKey);
        if (partitionKey.Length > MaxLength)
        {
            throw new ArgumentException($"Partition key must be at most {MaxLength} characters.", nameof(partitionKey));
        }

        foreach (char c in partitionKey)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ArgumentException("Partition key must not contain whitespace or control characters.", nameof(partitionKey));
            }
        }
    }

    // The endpoint group is followed by another component, so it must not contain the separator; the last
    // component may (it is often itself a partition such as "ip:203.0.113.7").
    private static string CheckPart(string value, string paramName, bool allowColon = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, paramName);
        foreach (char c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || (c == ':' && !allowColon))
            {
                throw new ArgumentException(allowColon ? "Partition component must not contain whitespace or control characters." : "Partition component must not contain ':', whitespace or control characters.", paramName);
            }
        }

        if (value.Length > MaxLength / 2)
        {
            throw new ArgumentException($"Partition component must be at most {MaxLength / 2} characters.", paramName);
        }

        return value;
    }
}

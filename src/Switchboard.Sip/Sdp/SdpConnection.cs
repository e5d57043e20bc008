using System.Net;

namespace Switchboard.Sip.Sdp;

/// <summary>The <c>c=</c> line (RFC 4566 §5.7). Immutable and thread-safe.</summary>
/// <param name="NetworkType">Normally "IN".</param>
/// <param name="AddressType">"IP4" or "IP6".</param>
/// <param name="Address">Connection address; may carry a multicast "/ttl" suffix or be a host name.</param>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>
    /// True for the RFC 2543 hold form <c>c=IN IP4 0.0.0.0</c> (or <c>::</c>): the author does not want to receive media.
    /// </summary>
    public bool IsNullAddress => Address is "0.0.0.0" or "::";

    /// <summary>Creates the connection line for <paramref name="address"/>, choosing IP4 or IP6.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public static SdpConnection For(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        string type = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        return new SdpConnection("IN", type, address.ToString());
    }

    /// <summary>Parses the address part as an IP literal (ignoring a "/ttl" suffix); false for host names.</summary>
    public bool TryGetIPAddress(out IPAddress? address)
    {
        string text = Address;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        return IPAddress.TryParse(text, out address);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}

using System.Net;
using System.Net.Sockets;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>A trunk's <c>host[:port]</c>, split and resolved (A/AAAA; SRV/NAPTR are not used).</summary>
internal static class TrunkAddress
{
    public static (string Host, int? Port) Split(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var colon = address.LastIndexOf(':');
        if (colon > 0 && !address.EndsWith(']') && int.TryParse(address[(colon + 1)..], out var port)) return (address[..colon], port);
        return (address, null);
    }

    /// <summary>The host's address (an IP literal as is, a name through DNS, IPv4 first); null when it does not resolve.</summary>
    public static async Task<IPAddress?> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) return literal;
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
        }
        catch (SocketException)
        {
            return null;
        }
    }
}

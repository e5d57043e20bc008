using System.Net;

namespace Switchboard.ControlPlane.Outbound;

/// <summary>The parsed <c>Outbound:AllowedHosts</c>: host names (exact, case-insensitive), addresses and CIDR ranges.</summary>
internal sealed class AllowList
{
    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> _networks = [];

    public AllowList(IEnumerable<string> entries)
    {
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0) continue;
            if (IPNetwork.TryParse(entry, out var network)) _networks.Add(network);
            else if (IPAddress.TryParse(entry.Trim('[', ']'), out var address))
                _networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else if (Uri.CheckHostName(entry.TrimEnd('.')) == UriHostNameType.Dns) _hosts.Add(entry.TrimEnd('.'));
            else throw new ArgumentException($"Outbound:AllowedHosts entry '{entry}' is neither a host name, an address nor a CIDR range.", nameof(entries));
        }
    }

    public bool IsEmpty => _hosts.Count == 0 && _networks.Count == 0;

    public bool Permits(string host, IPAddress address)
    {
        if (_hosts.Contains(host)) return true;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var network in _networks)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address)) return true;
        }
        return false;
    }
}

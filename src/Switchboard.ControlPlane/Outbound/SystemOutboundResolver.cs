using System.Net;

namespace Switchboard.ControlPlane.Outbound;

/// <summary>The operating system's resolver.</summary>
internal sealed class SystemOutboundResolver : IOutboundResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}

using System.Net;

namespace Switchboard.ControlPlane.Outbound;

/// <summary>
/// Name resolution for the outbound guard. A seam so tests can answer differently on each call (DNS
/// rebinding); implementations must be thread-safe.
/// </summary>
internal interface IOutboundResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Switchboard.ControlPlane.Outbound;

/// <summary>
/// Resolves a customer-supplied host once, checks the answer, and connects to exactly the address it checked:
/// a second resolution (DNS rebinding) never gets a say. Thread-safe; one instance serves every connection.
/// </summary>
internal sealed class OutboundGuard(IOutboundResolver resolver, IOptions<OutboundOptions> options)
{
    private static readonly string[] MetadataHosts = ["metadata.google.internal", "metadata.goog", "metadata"];

    private readonly AllowList _allowList = new(options.Value.AllowedHosts);

    /// <summary>The address to connect to, or <see cref="OutboundRequestRefusedException"/>.</summary>
    public async Task<IPAddress> ChooseAddressAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var name = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        foreach (var metadata in MetadataHosts)
        {
            if (name == metadata) throw Refused(OutboundRefusalReason.Metadata, name);
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(name, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(name, cancellationToken);
            }
            catch (SocketException)
            {
                throw new OutboundRequestRefusedException(OutboundRefusalReason.Unresolvable, name, $"The host '{name}' could not be resolved.");
            }
        }
        if (addresses.Length == 0)
            throw new OutboundRequestRefusedException(OutboundRefusalReason.Unresolvable, name, $"The host '{name}' has no address.");

        OutboundRefusalReason? firstRefusal = null;
        foreach (var address in addresses)
        {
            var reason = AddressPolicy.Classify(address);
            if (reason is null) return address;
            if (reason != OutboundRefusalReason.Metadata && _allowList.Permits(name, address)) return address;
            firstRefusal ??= reason;
        }
        throw Refused(firstRefusal!.Value, name);
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var address = await ChooseAddressAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static OutboundRequestRefusedException Refused(OutboundRefusalReason reason, string host) =>
        new(reason, host, reason switch
        {
            OutboundRefusalReason.Metadata => $"'{host}' is a cloud metadata address; it is never contacted.",
            OutboundRefusalReason.Loopback => $"'{host}' is a loopback address.",
            OutboundRefusalReason.Private => $"'{host}' is a private network address.",
            OutboundRefusalReason.LinkLocal => $"'{host}' is a link-local address.",
            OutboundRefusalReason.CarrierGradeNat => $"'{host}' is a carrier-grade NAT address (100.64.0.0/10).",
            OutboundRefusalReason.Multicast => $"'{host}' is a multicast address.",
            OutboundRefusalReason.Unspecified => $"'{host}' is an unspecified address.",
            OutboundRefusalReason.EmbeddedIpv4 => $"'{host}' is an IPv6 address carrying a non-public IPv4 address.",
            _ => $"'{host}' is a reserved address.",
        } + " Only public addresses are contacted unless Outbound:AllowedHosts lists it.");
}

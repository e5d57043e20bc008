using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Transport;

/// <summary>
/// SIP over UDP (RFC 3261 §18) on one bound socket, IPv4 or IPv6 (IPv6 sockets are IPv6-only, so bind one of each
/// for both families). One receive loop per socket, owned and cancelled by <see cref="DisposeAsync"/>. Thread-safe.
/// </summary>
public sealed class SipUdpTransport : ISipTransport
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private ChannelWriter<SipInboundMessage>? _sink;
    private readonly string? _advertisedHost;
    private int _disposed;

    /// <summary>Binds the socket at once, so a busy port fails here.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public SipUdpTransport(SipTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _socket = new Socket(options.BindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            _socket.Bind(new IPEndPoint(options.BindAddress, options.Port));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        _advertisedHost = options.AdvertisedHost;
        LocalEndPoint = SipEndPoint.FromIPEndPoint((IPEndPoint)_socket.LocalEndPoint!);
    }

    /// <inheritdoc />
    public SipTransportKind Kind => SipTransportKind.Udp;

    /// <inheritdoc />
    public bool IsReliable => false;

    /// <inheritdoc />
    public SipEndPoint LocalEndPoint { get; }

    /// <inheritdoc />
    public string SentByHost => _advertisedHost ?? LocalEndPoint.Host;

    /// <inheritdoc />
    /// <remarks>Never raised: UDP has no delivery feedback (ICMP errors are ignored).</remarks>
    public event Action<SipEndPoint>? DeliveryFailed
    {
        add { }
        remove { }
    }

    /// <inheritdoc />
    public void Start(ChannelWriter<SipInboundMessage> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
        {
            throw new InvalidOperationException("The transport is already started.");
        }

        _loop = ReceiveLoopAsync(sink, _stop.Token);
    }

    /// <inheritdoc />
    public bool TrySend(SipMessage message, SipEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(remote);
        return TrySendBytes(message.ToBytes(), remote);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private bool TrySendBytes(byte[] bytes, SipEndPoint remote)
    {
        if (bytes.Length > SipTransportOptions.MaxDatagramSize || Volatile.Read(ref _disposed) != 0
            || remote.Address.AddressFamily != _socket.AddressFamily)
        {
            return false;
        }

        try
        {
            return _socket.SendTo(bytes, SocketFlags.None, remote.ToIPEndPoint()) == bytes.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task ReceiveLoopAsync(ChannelWriter<SipInboundMessage> sink, CancellationToken ct)
    {
        await Task.Yield();
        byte[] buffer = new byte[SipTransportOptions.MaxDatagramSize + 1];
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        while (!ct.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // ICMP port-unreachable from an earlier send, or a truncated oversized datagram: drop and go on.
                continue;
            }
            catch (SocketException)
            {
                break;
            }

            var source = SipEndPoint.FromIPEndPoint((IPEndPoint)result.RemoteEndPoint);
            SipMessage? message = SipInboundProcessor.Process(
                buffer.AsSpan(0, result.ReceivedBytes), SipParserOptions.Datagram, source, out SipResponse? reply);
            if (reply is not null)
            {
                // The parser could not trust the Via, so the error goes to the packet's source (RFC 3261 §18.2.2).
                TrySendBytes(reply.ToBytes(), source);
            }

            if (message is null)
            {
                continue;
            }

            try
            {
                await sink.WriteAsync(new SipInboundMessage(message, source, LocalEndPoint, Kind), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ChannelClosedException)
            {
                break;
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Switchboard.Sip.Messages;

namespace Switchboard.Sip.Transport;

/// <summary>
/// SIP over TCP (RFC 3261 §18): a listener on one bound address (IPv4 or IPv6-only), one connection per remote
/// endpoint reused for requests and responses in both directions, framing by Content-Length, a maximum message size,
/// and an idle timeout measured on the <see cref="System.TimeProvider"/>. Thread-safe. Owns its listener, its
/// connections and their loops; <see cref="DisposeAsync"/> closes them all.
/// </summary>
public sealed class SipTcpTransport : ISipTransport
{
    private readonly Socket _listener;
    private readonly ConcurrentDictionary<SipEndPoint, SipTcpConnection> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private ChannelWriter<SipInboundMessage>? _sink;
    private Task? _acceptLoop;
    private ITimer? _idleSweep;
    private readonly string? _advertisedHost;
    private int _disposed;

    /// <summary>Binds and listens at once, so a busy port fails here.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public SipTcpTransport(SipTransportOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _listener = new Socket(options.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _listener.DualMode = false;
            }

            _listener.Bind(new IPEndPoint(options.BindAddress, options.Port));
            _listener.Listen(128);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }

        _advertisedHost = options.AdvertisedHost;
        LocalEndPoint = SipEndPoint.FromIPEndPoint((IPEndPoint)_listener.LocalEndPoint!);
    }

    /// <inheritdoc />
    public SipTransportKind Kind => SipTransportKind.Tcp;

    /// <inheritdoc />
    public bool IsReliable => true;

    /// <inheritdoc />
    public SipEndPoint LocalEndPoint { get; }

    /// <inheritdoc />
    public string SentByHost => _advertisedHost ?? LocalEndPoint.Host;

    /// <summary>How many connections are open (for diagnostics and tests).</summary>
    public int ConnectionCount => _connections.Count;

    internal SipTransportOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public event Action<SipEndPoint>? DeliveryFailed;

    /// <inheritdoc />
    public void Start(ChannelWriter<SipInboundMessage> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
        {
            throw new InvalidOperationException("The transport is already started.");
        }

        TimeSpan sweep = Options.TcpIdleTimeout / 4;
        _idleSweep = TimeProvider.CreateTimer(_ => CloseIdle(), null, sweep, sweep);
        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    /// <inheritdoc />
    public bool TrySend(SipMessage message, SipEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(remote);
        if (Volatile.Read(ref _disposed) != 0 || _sink is null)
        {
            return false;
        }

        byte[] bytes = message.ToBytes();
        if (bytes.Length > Options.MaxTcpMessageSize)
        {
            return false;
        }

        while (true)
        {
            if (_connections.TryGetValue(remote, out SipTcpConnection? existing))
            {
                if (existing.TryEnqueue(bytes))
                {
                    return true;
                }

                if (!existing.IsClosed)
                {
                    return false; // queue full
                }

                _connections.TryRemove(new KeyValuePair<SipEndPoint, SipTcpConnection>(remote, existing));
                continue;
            }

            if (_connections.Count >= Options.MaxTcpConnections)
            {
                return false;
            }

            var created = new SipTcpConnection(this, remote, null);
            if (_connections.TryAdd(remote, created))
            {
                created.Start();
                return created.TryEnqueue(bytes);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_idleSweep is not null)
        {
            await _idleSweep.DisposeAsync().ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        foreach (SipTcpConnection c in _connections.Values)
        {
            await c.DisposeAsync().ConfigureAwait(false);
        }

        _connections.Clear();
        _stop.Dispose();
    }

    internal async ValueTask DeliverAsync(SipMessage message, SipEndPoint remote, CancellationToken ct)
    {
        ChannelWriter<SipInboundMessage> sink = _sink ?? throw new InvalidOperationException("Not started.");
        await sink.WriteAsync(new SipInboundMessage(message, remote, LocalEndPoint, Kind), ct).ConfigureAwait(false);
    }

    internal void OnDeliveryFailed(SipEndPoint remote) => DeliveryFailed?.Invoke(remote);

    internal void OnClosed(SipTcpConnection connection) =>
        _connections.TryRemove(new KeyValuePair<SipEndPoint, SipTcpConnection>(connection.Remote, connection));

    private void CloseIdle()
    {
        DateTimeOffset cutoff = TimeProvider.GetUtcNow() - Options.TcpIdleTimeout;
        foreach (SipTcpConnection c in _connections.Values)
        {
            if (c.LastActivity <= cutoff)
            {
                c.Close();
            }
        }
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }

            socket.NoDelay = true;
            var remote = SipEndPoint.FromIPEndPoint((IPEndPoint)socket.RemoteEndPoint!);
            if (_connections.Count >= Options.MaxTcpConnections)
            {
                socket.Dispose();
                continue;
            }

            var connection = new SipTcpConnection(this, remote, socket);
            if (_connections.TryGetValue(remote, out SipTcpConnection? stale))
            {
                stale.Close();
            }

            _connections[remote] = connection;
            connection.Start();
        }
    }
}

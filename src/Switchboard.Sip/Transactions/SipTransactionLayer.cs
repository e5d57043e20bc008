using System.Threading.Channels;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Transactions;

/// <summary>
/// The transaction layer (RFC 3261 §17) over a set of transports. Matches requests to server transactions and
/// responses to client transactions, answers what the TU never sees (CANCEL §9.2, merged requests §8.2.2.2 with 482,
/// Max-Forwards 0 with 483), and hands new server transactions to <see cref="IncomingRequests"/>. Messages no
/// transaction matches — the ACK for a 2xx and 2xx retransmissions after the client transaction ended — go to
/// <see cref="Unmatched"/> for the dialog layer. Timers run on the given <see cref="TimeProvider"/>.
/// Thread-safe: one lock guards all transactions. The layer owns the transports it is given and disposes them.
/// </summary>
public sealed partial class SipTransactionLayer : IAsyncDisposable
{
    private readonly List<ISipTransport> _transports;
    private readonly Dictionary<string, SipServerTransaction> _server = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SipClientTransaction> _client = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _merge = new(StringComparer.Ordinal);
    private readonly Channel<SipServerTransaction> _requests;
    private readonly Channel<SipInboundMessage> _unmatched;
    private readonly Channel<SipInboundMessage> _inbound;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private bool _disposed;

    /// <summary>Creates the layer; call <see cref="Start"/> to start the transports and the dispatch loop.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="transports"/> is null.</exception>
    /// <exception cref="ArgumentException">No transports, or invalid options.</exception>
    public SipTransactionLayer(IEnumerable<ISipTransport> transports, SipTransactionOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(transports);
        _transports = [.. transports];
        if (_transports.Count == 0 || _transports.Exists(t => t is null))
        {
            throw new ArgumentException("At least one transport, and no null ones, are needed.", nameof(transports));
        }

        Options = options ?? new SipTransactionOptions();
        Options.Validate();
        TimeProvider = timeProvider ?? TimeProvider.System;
        // Wait mode only so that TryWrite reports a full queue (DropWrite would claim success); nobody waits on it.
        _requests = Channel.CreateBounded<SipServerTransaction>(new BoundedChannelOptions(Options.MaxPendingRequests)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _unmatched = Channel.CreateBounded<SipInboundMessage>(new BoundedChannelOptions(Options.MaxPendingRequests)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
        });
        foreach (ISipTransport t in _transports)
        {
            ISipTransport transport = t;
            transport.DeliveryFailed += remote => OnDeliveryFailed(transport, remote);
        }

        _inbound = Channel.CreateBounded<SipInboundMessage>(new BoundedChannelOptions(Options.InboundQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>New server transactions for the TU, which must answer each one.</summary>
    public ChannelReader<SipServerTransaction> IncomingRequests => _requests.Reader;

    /// <summary>ACKs for 2xx and 2xx retransmissions no transaction matches; the dialog layer's input.</summary>
    public ChannelReader<SipInboundMessage> Unmatched => _unmatched.Reader;

    /// <summary>The timer values in use.</summary>
    public SipTransactionOptions Options { get; }

    internal object Gate { get; } = new();

    internal TimeProvider TimeProvider { get; }

    /// <summary>Starts every transport and the loop that dispatches what they receive.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public void Start()
    {
        lock (Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loop is not null)
            {
                throw new InvalidOperationException("The transaction layer is already started.");
            }

            foreach (ISipTransport t in _transports)
            {
                t.Start(_inbound.Writer);
            }

            _loop = DispatchLoopAsync(_stop.Token);
        }
    }

    /// <summary>
    /// Starts a client transaction. When the request has no Via, one is added with the transport's address and a
    /// fresh RFC 3261 branch (and rport); a request with a Via must carry a magic-cookie branch (CANCEL built by
    /// <see cref="SipRequestFactory.CreateCancel"/> reuses its INVITE's).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A missing or malformed From, To, Call-ID or CSeq, a CSeq method other than the request's, ACK (sent by the dialog layer with <see cref="SendStateless"/>), a Via without an RFC 3261 branch, no transport of that kind, or a branch already in use.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public SipClientTransaction SendRequest(SipRequest request, SipEndPoint destination, SipTransportKind transport)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination);
        if (request.Method == SipMethods.Ack)
        {
            throw new ArgumentException("ACK is not a transaction; send it with SendStateless.", nameof(request));
        }

        ISipTransport sender = FindTransport(transport, destination) ?? throw new ArgumentException($"No {transport} transport for {destination}.", nameof(transport));
        EnsureWellFormed(request);
        if (request.TopVia is null)
        {
            var via = new ViaHeader(transport.ToString().ToUpperInvariant(), sender.SentByHost, sender.LocalEndPoint.Port, ViaHeader.MagicCookie + SipInboundProcessor.NewTag());
            via.Parameters.Add("rport", null);
            request.Headers.AddFirst(SipHeaderNames.Via, via.ToString());
        }
        else if (!request.TopVia.HasRfc3261Branch)
        {
            throw new ArgumentException("The top Via must carry an RFC 3261 branch (z9hG4bK...).", nameof(request));
        }

        string key = SipTransactionKeys.ForClient(request)!;
        lock (Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_client.ContainsKey(key))
            {
                throw new ArgumentException("A client transaction with this branch and method exists.", nameof(request));
            }

            var tx = new SipClientTransaction(this, key, request, destination, sender);
            _client.Add(key, tx);
            tx.Start();
            return tx;
        }
    }

    /// <summary>Sends a message outside any transaction (ACK for 2xx, 2xx retransmissions). Returns false when the transport refused.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No transport of that kind.</exception>
    public bool SendStateless(SipMessage message, SipEndPoint destination, SipTransportKind transport)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(destination);
        ISipTransport sender = FindTransport(transport, destination) ?? throw new ArgumentException($"No {transport} transport for {destination}.", nameof(transport));
        return sender.TrySend(message, destination);
    }

    /// <summary>Stops the loop, terminates every transaction and disposes the transports.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (SipServerTransaction s in _server.Values.ToArray())
            {
                s.Terminate(SipServerTransactionOutcome.Aborted);
            }

            foreach (SipClientTransaction c in _client.Values.ToArray())
            {
                c.Terminate();
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (ISipTransport t in _transports)
        {
            await t.DisposeAsync().ConfigureAwait(false);
        }

        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _requests.Writer.TryComplete();
        _unmatched.Writer.TryComplete();
        _stop.Dispose();
    }

    internal ITimer Schedule(object owner, TimeSpan due, Action action) =>
        TimeProvider.CreateTimer(
            _ =>
            {
                lock (Gate)
                {
                    if (!_disposed)
                    {
                        action();
                    }
                }
            },
            owner,
            due,
            Timeout.InfiniteTimeSpan);

    internal bool Send(ISipTransport transport, SipMessage message, SipEndPoint destination) => !_disposed && transport.TrySend(message, destination);

    internal void Remove(SipServerTransaction tx)
    {
        if (_server.TryGetValue(tx.Key, out SipServerTransaction? current) && ReferenceEquals(current, tx))
        {
            _server.Remove(tx.Key);
        }

        if (tx.MergeKey is string m && _merge.TryGetValue(m, out string? owner) && owner == tx.Key)
        {
            _merge.Remove(m);
        }
    }

    internal void Remove(SipClientTransaction tx)
    {
        if (_client.TryGetValue(tx.Key, out SipClientTransaction? current) && ReferenceEquals(current, tx))
        {
            _client.Remove(tx.Key);
        }
    }

    private void OnDeliveryFailed(ISipTransport transport, SipEndPoint remote)
    {
        lock (Gate)
        {
            foreach (SipClientTransaction tx in _client.Values.ToArray())
            {
                if (ReferenceEquals(tx.SipTransport, transport) && tx.Destination == remote)
                {
                    tx.OnTransportError();
                }
            }
        }
    }

    private ISipTransport FindArrivalTransport(SipInboundMessage inbound)
    {
        foreach (ISipTransport t in _transports)
        {
            if (t.Kind == inbound.Transport && t.LocalEndPoint == inbound.Local)
            {
                return t;
            }
        }

        return FindTransport(inbound.Transport, inbound.Remote) ?? _transports[0];
    }

    private ISipTransport? FindTransport(SipTransportKind kind, SipEndPoint destination)
    {
        ISipTransport? fallback = null;
        foreach (ISipTransport t in _transports)
        {
            if (t.Kind != kind)
            {
                continue;
            }

            if (t.LocalEndPoint.Address.AddressFamily == destination.Address.AddressFamily)
            {
                return t;
            }

            fallback ??= t;
        }

        return fallback;
    }

    private async Task DispatchLoopAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await foreach (SipInboundMessage inbound in _inbound.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                HandleInbound(inbound);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposal.
        }
    }
}

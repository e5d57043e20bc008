using Switchboard.Sip.Messages;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Transactions;

/// <summary>
/// A server transaction (RFC 3261 §17.2): the INVITE state machine of Figure 7 with the Accepted state of RFC 6026, or
/// the non-INVITE machine of Figure 8. The transaction user reads it from
/// <see cref="SipTransactionLayer.IncomingRequests"/> and answers with <see cref="SendResponseAsync"/>; the transaction
/// absorbs request retransmissions, retransmits final INVITE responses on UDP (Timer G), absorbs the ACK for non-2xx,
/// and sends 100 Trying when the TU is slow. Thread-safe: all state changes run under the layer's lock.
/// </summary>
public sealed class SipServerTransaction
{
    private readonly SipTransactionLayer _layer;
    private readonly TaskCompletionSource<SipServerTransactionOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SipResponse? _lastResponse;
    private ITimer? _tryingTimer;
    private ITimer? _retransmitTimer;
    private ITimer? _lifetimeTimer;
    private TimeSpan _retransmitInterval;
    private int _lifetimeGeneration;

    internal SipServerTransaction(SipTransactionLayer layer, string key, SipRequest request, SipEndPoint remote, ISipTransport transport)
    {
        _layer = layer;
        Key = key;
        Request = request;
        Remote = remote;
        SipTransport = transport;
        ResponseTarget = SipViaProcessor.ResolveResponseTarget(request.TopVia, transport.IsReliable, remote);
        IsInvite = request.Method == SipMethods.Invite;
        State = IsInvite ? SipTransactionState.Proceeding : SipTransactionState.Trying;
        LocalTag = SipInboundProcessor.NewTag();
    }

    /// <summary>The request that created the transaction (owned by the transaction; read it, don't change it).</summary>
    public SipRequest Request { get; }

    /// <summary>Where the request came from.</summary>
    public SipEndPoint Remote { get; }

    /// <summary>The transport the request came on.</summary>
    public SipTransportKind Transport => SipTransport.Kind;

    /// <summary>True for INVITE transactions.</summary>
    public bool IsInvite { get; }

    /// <summary>A random To tag the TU may use for its responses (<see cref="CreateResponse"/> does).</summary>
    public string LocalTag { get; }

    /// <summary>The current state (a snapshot).</summary>
    public SipTransactionState State { get; private set; }

    /// <summary>Completes when a matching CANCEL arrived (RFC 3261 §9.2); the layer has already answered 487.</summary>
    public Task Cancelled => _cancelled.Task;

    /// <summary>Completes when the transaction terminates.</summary>
    public Task<SipServerTransactionOutcome> Completion => _completion.Task;

    internal string Key { get; }

    internal string? MergeKey { get; set; }

    internal ISipTransport SipTransport { get; }

    internal SipEndPoint ResponseTarget { get; }

    /// <summary>A response to <see cref="Request"/> built as RFC 3261 §8.2.6 says, with <see cref="LocalTag"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The status code is outside 100..699.</exception>
    public SipResponse CreateResponse(int statusCode, string? reasonPhrase = null) =>
        SipResponseFactory.CreateResponse(Request, statusCode, reasonPhrase, LocalTag);

    /// <summary>
    /// Sends a provisional or final response. Provisional responses may be sent until a final one; after a 2xx to an
    /// INVITE, further 2xx (the dialog layer's retransmissions) are accepted until the transaction terminates.
    /// Never blocks; the returned task is already complete.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is null.</exception>
    /// <exception cref="ArgumentException">The response's CSeq does not match the request.</exception>
    /// <exception cref="InvalidOperationException">A final response was already sent, or the transaction has terminated.</exception>
    public ValueTask SendResponseAsync(SipResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        cancellationToken.ThrowIfCancellationRequested();
        CSeqHeader cseq;
        try
        {
            cseq = response.CSeq;
        }
        catch (Parsing.SipParseException e)
        {
            throw new ArgumentException("The response has no valid CSeq: " + e.Message, nameof(response), e);
        }

        if (cseq.Sequence != Request.CSeq.Sequence || cseq.Method != Request.CSeq.Method)
        {
            throw new ArgumentException("The response's CSeq does not match the request.", nameof(response));
        }

        lock (_layer.Gate)
        {
            bool retransmitted2xx = State == SipTransactionState.Accepted && response.StatusCode is >= 200 and < 300;
            if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding) && !retransmitted2xx)
            {
                throw new InvalidOperationException($"Cannot send a response in state {State}.");
            }

            Respond(response);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Ends the transaction without any response (the endpoint's flood guard or scanner filter): answering would
    /// confirm to a scanner that someone listens, and answering a flood would amplify it. A retransmission of the
    /// request starts a new transaction and is judged again.
    /// </summary>
    internal void Drop()
    {
        lock (_layer.Gate)
        {
            Terminate(SipServerTransactionOutcome.Dropped);
        }
    }

    /// <summary>Starts the transaction's timers; called once it is registered.</summary>
    internal void Start()
    {
        if (IsInvite)
        {
            _tryingTimer = _layer.Schedule(this, _layer.Options.TryingDelay, SendTrying);
        }
    }

    /// <summary>Sends a response with the layer's lock held; used by the TU path and for responses the layer generates.</summary>
    internal void Respond(SipResponse response)
    {
        Dispose(ref _tryingTimer);
        _lastResponse = response;
        if (!_layer.Send(SipTransport, response, ResponseTarget))
        {
            Terminate(SipServerTransactionOutcome.TransportError);
            return;
        }

        int status = response.StatusCode;
        SipTransactionOptions o = _layer.Options;
        if (status < 200)
        {
            State = SipTransactionState.Proceeding;
        }
        else if (!IsInvite)
        {
            State = SipTransactionState.Completed;
            LifetimeTimer(SipTransport.IsReliable ? TimeSpan.Zero : o.TransactionTimeout, SipServerTransactionOutcome.Completed); // Timer J
        }
        else if (status < 300)
        {
            if (State != SipTransactionState.Accepted)
            {
                State = SipTransactionState.Accepted;
                LifetimeTimer(o.TransactionTimeout, SipServerTransactionOutcome.Completed); // Timer L (RFC 6026)
            }
        }
        else
        {
            State = SipTransactionState.Completed;
            if (!SipTransport.IsReliable)
            {
                _retransmitInterval = o.T1;
                _retransmitTimer = _layer.Schedule(this, _retransmitInterval, RetransmitFinal); // Timer G
            }

            LifetimeTimer(o.TransactionTimeout, SipServerTransactionOutcome.AckTimeout); // Timer H
        }
    }

    /// <summary>A retransmission of the request arrived (§17.2.1, §17.2.2).</summary>
    internal void OnRequestRetransmission()
    {
        if (State is SipTransactionState.Proceeding or SipTransactionState.Completed && _lastResponse is not null)
        {
            if (!_layer.Send(SipTransport, _lastResponse, ResponseTarget))
            {
                Terminate(SipServerTransactionOutcome.TransportError);
            }
        }
    }

    /// <summary>An ACK matched this INVITE transaction; returns false when it is an ACK for a 2xx, for the dialog layer.</summary>
    internal bool OnAck()
    {
        switch (State)
        {
            case SipTransactionState.Completed:
                State = SipTransactionState.Confirmed;
                Dispose(ref _retransmitTimer);
                LifetimeTimer(SipTransport.IsReliable ? TimeSpan.Zero : _layer.Options.T4, SipServerTransactionOutcome.Completed); // Timer I
                return true;
            case SipTransactionState.Accepted:
                return false;
            default:
                return true; // Confirmed absorbs; an ACK before any final response is meaningless
        }
    }

    /// <summary>A CANCEL matched (§9.2): answer 487 if no final response was sent, and tell the TU.</summary>
    internal void OnCancel()
    {
        if (State is SipTransactionState.Proceeding or SipTransactionState.Trying)
        {
            _cancelled.TrySetResult();
            if (IsInvite)
            {
                Respond(CreateResponse(487));
            }
        }
    }

    internal void Terminate(SipServerTransactionOutcome outcome)
    {
        if (State == SipTransactionState.Terminated)
        {
            return;
        }

        State = SipTransactionState.Terminated;
        Dispose(ref _tryingTimer);
        Dispose(ref _retransmitTimer);
        Dispose(ref _lifetimeTimer);
        _layer.Remove(this);
        _completion.TrySetResult(outcome);
    }

    private static void Dispose(ref ITimer? timer)
    {
        timer?.Dispose();
        timer = null;
    }

    private void SendTrying()
    {
        if (State == SipTransactionState.Proceeding && _lastResponse is null)
        {
            Respond(SipResponseFactory.CreateResponse(Request, 100));
        }
    }

    private void RetransmitFinal()
    {
        if (State != SipTransactionState.Completed || _lastResponse is null)
        {
            return;
        }

        if (!_layer.Send(SipTransport, _lastResponse, ResponseTarget))
        {
            Terminate(SipServerTransactionOutcome.TransportError);
            return;
        }

        _retransmitInterval = _retransmitInterval * 2 < _layer.Options.T2 ? _retransmitInterval * 2 : _layer.Options.T2;
        _retransmitTimer?.Change(_retransmitInterval, Timeout.InfiniteTimeSpan);
    }

    private void LifetimeTimer(TimeSpan due, SipServerTransactionOutcome outcome)
    {
        Dispose(ref _lifetimeTimer);
        _lifetimeGeneration++;
        if (due == TimeSpan.Zero)
        {
            Terminate(outcome);
            return;
        }

        // A replaced timer whose callback was already queued must not end the transaction with a stale outcome.
        int generation = _lifetimeGeneration;
        _lifetimeTimer = _layer.Schedule(this, due, () =>
        {
            if (generation == _lifetimeGeneration)
            {
                Terminate(outcome);
            }
        });
    }
}

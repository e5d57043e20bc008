using System.Threading.Channels;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Transactions;

/// <summary>
/// A client transaction (RFC 3261 §17.1): the INVITE machine of Figure 5 with the Accepted state of RFC 6026, or the
/// non-INVITE machine of Figure 6. Retransmits over UDP (timers A and E), times out (B and F) with a synthesized 408,
/// ACKs non-2xx final responses itself (§17.1.1.3) and absorbs their retransmissions (D, K). Every response the TU
/// should see goes to <see cref="Responses"/> (provisional ones, the final one, and for INVITE the 2xx
/// retransmissions, which the dialog layer must ACK); <see cref="FinalResponse"/> completes with the first final one.
/// Thread-safe: all state changes run under the layer's lock; the channel and the task may be read from any thread.
/// </summary>
public sealed class SipClientTransaction
{
    private readonly SipTransactionLayer _layer;
    private readonly Channel<SipResponse> _responses;
    private readonly TaskCompletionSource<SipResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SipRequest? _ack;
    private ITimer? _retransmitTimer;
    private ITimer? _timeoutTimer;
    private TimeSpan _retransmitInterval;

    internal SipClientTransaction(SipTransactionLayer layer, string key, SipRequest request, SipEndPoint destination, ISipTransport transport)
    {
        _layer = layer;
        Key = key;
        Request = request;
        Destination = destination;
        SipTransport = transport;
        IsInvite = request.Method == SipMethods.Invite;
        State = IsInvite ? SipTransactionState.Calling : SipTransactionState.Trying;
        _responses = Channel.CreateBounded<SipResponse>(new BoundedChannelOptions(layer.Options.ResponseQueueCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
    }

    /// <summary>The request (owned by the transaction once sent; don't change it).</summary>
    public SipRequest Request { get; }

    /// <summary>Where the request is sent.</summary>
    public SipEndPoint Destination { get; }

    /// <summary>The transport used.</summary>
    public SipTransportKind Transport => SipTransport.Kind;

    /// <summary>True for INVITE transactions.</summary>
    public bool IsInvite { get; }

    /// <summary>The current state (a snapshot).</summary>
    public SipTransactionState State { get; private set; }

    /// <summary>Responses in arrival order; completed when the transaction terminates.</summary>
    public ChannelReader<SipResponse> Responses => _responses.Reader;

    /// <summary>
    /// The first final response: real, or synthesized by the layer — 408 when timer B or F fired, 503 when the
    /// transport failed (RFC 3261 §8.1.3.1, §17.1.4).
    /// </summary>
    public Task<SipResponse> FinalResponse => _final.Task;

    internal string Key { get; }

    internal ISipTransport SipTransport { get; }

    internal void Start()
    {
        if (!_layer.Send(SipTransport, Request, Destination))
        {
            Fail(503, "Service Unavailable (transport error)");
            return;
        }

        SipTransactionOptions o = _layer.Options;
        if (!SipTransport.IsReliable)
        {
            _retransmitInterval = o.T1;
            _retransmitTimer = _layer.Schedule(this, _retransmitInterval, Retransmit); // Timer A or E
        }

        _timeoutTimer = _layer.Schedule(this, o.TransactionTimeout, () => Fail(408, "Request Timeout")); // Timer B or F
    }

    internal void OnResponse(SipResponse response)
    {
        int status = response.StatusCode;
        switch (State)
        {
            case SipTransactionState.Calling or SipTransactionState.Trying or SipTransactionState.Proceeding:
                if (status < 200)
                {
                    if (IsInvite)
                    {
                        // §17.1.1.2: no more retransmissions, and timer B no longer applies once a provisional arrives.
                        Dispose(ref _retransmitTimer);
                        Dispose(ref _timeoutTimer);
                    }

                    State = SipTransactionState.Proceeding;
                    _responses.Writer.TryWrite(response);
                    return;
                }

                Dispose(ref _retransmitTimer);
                Dispose(ref _timeoutTimer);
                _final.TrySetResult(response);
                _responses.Writer.TryWrite(response);
                OnFinal(response);
                return;
            case SipTransactionState.Completed when IsInvite && status >= 300 && _ack is not null:
                _layer.Send(SipTransport, _ack, Destination); // a retransmitted final response means our ACK was lost
                return;
            case SipTransactionState.Accepted when status is >= 200 and < 300:
                _responses.Writer.TryWrite(response); // the dialog layer re-ACKs 2xx retransmissions
                return;
        }
    }

    /// <summary>The transport lost what it had queued for our destination (§17.1.4): pending transactions fail with 503.</summary>
    internal void OnTransportError() => Fail(503, "Service Unavailable (transport error)");

    internal void Terminate()
    {
        if (State == SipTransactionState.Terminated)
        {
            return;
        }

        State = SipTransactionState.Terminated;
        Dispose(ref _retransmitTimer);
        Dispose(ref _timeoutTimer);
        _layer.Remove(this);
        _final.TrySetResult(SipResponseFactory.CreateResponse(Request, 503, "Service Unavailable (transaction aborted)"));
        _responses.Writer.TryComplete();
    }

    private static void Dispose(ref ITimer? timer)
    {
        timer?.Dispose();
        timer = null;
    }

    private void OnFinal(SipResponse response)
    {
        SipTransactionOptions o = _layer.Options;
        if (!IsInvite)
        {
            State = SipTransactionState.Completed;
            Linger(SipTransport.IsReliable ? TimeSpan.Zero : o.T4); // Timer K
        }
        else if (response.StatusCode < 300)
        {
            State = SipTransactionState.Accepted;
            Linger(o.TransactionTimeout); // Timer M (RFC 6026)
        }
        else
        {
            State = SipTransactionState.Completed;
            _ack = SipRequestFactory.CreateAckForNon2xx(Request, response);
            _layer.Send(SipTransport, _ack, Destination);
            Linger(SipTransport.IsReliable ? TimeSpan.Zero : o.TimerD); // Timer D
        }
    }

    private void Linger(TimeSpan due)
    {
        if (due == TimeSpan.Zero)
        {
            Terminate();
            return;
        }

        // Timer B/F may already be queued when it is replaced; its Fail() sees the final response and does nothing.
        _timeoutTimer = _layer.Schedule(this, due, Terminate);
    }

    private void Retransmit()
    {
        bool active = State is SipTransactionState.Calling or SipTransactionState.Trying
            || (State == SipTransactionState.Proceeding && !IsInvite);
        if (!active)
        {
            return;
        }

        if (!_layer.Send(SipTransport, Request, Destination))
        {
            Fail(503, "Service Unavailable (transport error)");
            return;
        }

        // Timer A doubles without bound (it stops at B); timer E doubles up to T2, and is T2 once Proceeding (§17.1.2.2).
        SipTransactionOptions o = _layer.Options;
        _retransmitInterval = IsInvite ? _retransmitInterval * 2
            : State == SipTransactionState.Proceeding ? o.T2
            : (_retransmitInterval * 2 < o.T2 ? _retransmitInterval * 2 : o.T2);
        _retransmitTimer?.Change(_retransmitInterval, Timeout.InfiniteTimeSpan);
    }

    private void Fail(int status, string reason)
    {
        if (State == SipTransactionState.Terminated || _final.Task.IsCompleted)
        {
            return;
        }

        SipResponse synthesized = SipResponseFactory.CreateResponse(Request, status, reason);
        _final.TrySetResult(synthesized);
        _responses.Writer.TryWrite(synthesized);
        Terminate();
    }
}

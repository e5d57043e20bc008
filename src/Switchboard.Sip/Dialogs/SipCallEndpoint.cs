using System.Net;
using System.Text;
using System.Threading.Channels;
using Switchboard.Sip.Auth;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Dialogs;

/// <summary>
/// The call API for the engine on top of a <see cref="SipTransactionLayer"/>: incoming INVITEs appear on
/// <see cref="IncomingCalls"/> (bounded; when full new calls get 486), outbound calls start with
/// <see cref="InviteAsync"/>; in-dialog requests, ACKs and 2xx retransmissions are routed to their <see cref="SipCall"/>.
/// Answers OPTIONS outside dialogs (keep-alive and capabilities). Thread-safety: all members are thread-safe.
/// Ownership: it reads the layer's <c>IncomingRequests</c> and <c>Unmatched</c> queues, so it must be their only
/// reader; it does not own or dispose the layer.
/// </summary>
public sealed partial class SipCallEndpoint : IAsyncDisposable
{
    private readonly Channel<SipIncomingCall> _incoming;
    private readonly Dictionary<string, SipCall> _calls = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SipRequestScreen _screen;
    private Task _loops = Task.CompletedTask;

    // Each outgoing INVITE's response loop, owned here so disposal can stop and await it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SipCall, Task> _outgoing = new();

    /// <summary>Creates the endpoint; call <see cref="Start"/> to begin reading the layer.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The incoming capacity is not positive.</exception>
    public SipCallEndpoint(SipTransactionLayer layer, SipCallEndpointOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.IncomingCallCapacity);
        Layer = layer;
        Options = options;
        Time = timeProvider ?? TimeProvider.System;
        _screen = new SipRequestScreen(options);
        _incoming = Channel.CreateBounded<SipIncomingCall>(new BoundedChannelOptions(options.IncomingCallCapacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>New calls waiting for the engine to answer, reject or redirect.</summary>
    public ChannelReader<SipIncomingCall> IncomingCalls => _incoming.Reader;

    /// <summary>The settings.</summary>
    public SipCallEndpointOptions Options { get; }

    internal SipTransactionLayer Layer { get; }

    internal TimeProvider Time { get; }

    /// <summary>Dialogs currently routed to a call (a leak shows up here after every call has ended).</summary>
    internal int DialogCount
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count;
            }
        }
    }

    /// <summary>Starts reading the layer's queues. Call once.</summary>
    public void Start() =>
        _loops = Task.WhenAll(Task.Run(() => RequestLoopAsync(_stop.Token)), Task.Run(() => UnmatchedLoopAsync(_stop.Token)));

    /// <summary>
    /// Places a call: INVITE to <paramref name="target"/> sent to <paramref name="destination"/>, From
    /// <paramref name="from"/> (a tag is added), with <paramref name="offer"/> and extra headers. Returns at once;
    /// ringing, answer or failure arrive as events. A 401/407 is retried once with the configured credentials.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A header is malformed, or no transport reaches the destination.</exception>
    public Task<SipCall> InviteAsync(SipUri target, NameAddress from, SessionDescription offer, SipEndPoint destination, IEnumerable<KeyValuePair<string, string>>? headers = null, CancellationToken cancellationToken = default) =>
        InviteAsync(target, from, offer, destination, headers, Options.AuthUsername, Options.AuthPassword, cancellationToken);

    /// <summary>
    /// As the other overload, answering a 401/407 with <paramref name="authUsername"/> and <paramref name="authPassword"/>
    /// (a trunk's own credentials) instead of the endpoint's; a null username disables the retry.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A header is malformed, or no transport reaches the destination.</exception>
    public Task<SipCall> InviteAsync(SipUri target, NameAddress from, SessionDescription offer, SipEndPoint destination, IEnumerable<KeyValuePair<string, string>>? headers,
        string? authUsername, string? authPassword, CancellationToken cancellationToken = default) =>
        InviteAsync(target, from, offer, destination, headers, authUsername, authPassword, Options.Transport, cancellationToken);

    /// <summary>
    /// As the other overloads, over <paramref name="transport"/> (a TCP trunk on an endpoint that places its other calls
    /// over UDP); every request of the call then goes over it.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A header is malformed, or no transport of that kind reaches the destination.</exception>
    public Task<SipCall> InviteAsync(SipUri target, NameAddress from, SessionDescription offer, SipEndPoint destination, IEnumerable<KeyValuePair<string, string>>? headers,
        string? authUsername, string? authPassword, SipTransportKind transport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(destination);
        cancellationToken.ThrowIfCancellationRequested();
        var invite = new SipRequest(SipMethods.Invite, target);
        invite.Headers.Add(SipHeaderNames.MaxForwards, "70");
        invite.Headers.Add(SipHeaderNames.From, from.WithTag(SipInboundProcessor.NewTag()).ToString());
        invite.Headers.Add(SipHeaderNames.To, "<" + target + ">");
        invite.Headers.Add(SipHeaderNames.CallId, SipInboundProcessor.NewTag() + SipInboundProcessor.NewTag());
        invite.Headers.Add(SipHeaderNames.CSeq, "1 INVITE");
        invite.Headers.Add(SipHeaderNames.Contact, "<" + Options.Contact + ">");
        invite.Headers.Add("Allow", Options.Allow);
        foreach (KeyValuePair<string, string> h in headers ?? [])
        {
            invite.Headers.Add(h.Key, h.Value);
        }

        invite.Headers.Add(SipHeaderNames.ContentType, "application/sdp");
        invite.Body = Encoding.UTF8.GetBytes(offer.ToString());
        var call = new SipCall(this, null, outgoing: true, destination)
        {
            LocalSdp = offer, AuthUsername = authUsername, AuthPassword = authPassword ?? string.Empty, Transport = transport,
        };
        SipClientTransaction tx = Layer.SendRequest(invite, destination, transport);
        call.PendingInvite = invite;
        call.PendingInviteTransaction = tx;
        _outgoing[call] = Task.Run(() => RunOutgoingGuardedAsync(call, tx, invite, destination, _stop.Token), CancellationToken.None);
        return Task.FromResult(call);
    }

    /// <summary>Stops reading the layer; calls in progress stay as they are.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _incoming.Writer.TryComplete();
        try
        {
            await _loops.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected: the loops end by cancellation.
        }

        await Task.WhenAll(_outgoing.Values).ConfigureAwait(false);

        _stop.Dispose();
    }

    internal static SipEndPoint? Resolve(SipUri? uri)
    {
        // Host names are not resolved (RFC 3263 is out of scope, as in the transport layer); the caller falls back.
        if (uri is null || !IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? address))
        {
            return null;
        }

        return new SipEndPoint(address, uri.Port ?? 5060);
    }

    internal void Register(SipCall call)
    {
        SipDialog d = call.Dialog!;
        lock (_gate)
        {
            _calls[Key(d.CallId, d.LocalTag, d.RemoteTag)] = call;
        }
    }

    internal void Unregister(SipCall call)
    {
        if (call.Dialog is SipDialog d)
        {
            lock (_gate)
            {
                _calls.Remove(Key(d.CallId, d.LocalTag, d.RemoteTag));
            }
        }
    }

    internal SipResponse CreateOptionsResponse(SipServerTransaction tx)
    {
        SipResponse ok = tx.CreateResponse(200);
        ok.Headers.Add("Allow", Options.Allow);
        ok.Headers.Add(SipHeaderNames.Accept, "application/sdp, " + DtmfInfoCodec.RelayContentType + ", " + DtmfInfoCodec.PlainContentType + ", message/sipfrag");
        ok.Headers.Add(SipHeaderNames.Supported, "replaces");
        return ok;
    }

    private static string Key(string callId, string localTag, string remoteTag) => callId + "\n" + localTag + "\n" + remoteTag;

    private SipCall? Find(string callId, string? localTag, string? remoteTag)
    {
        if (localTag is null || remoteTag is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _calls.GetValueOrDefault(Key(callId, localTag, remoteTag));
        }
    }

    private async Task RequestLoopAsync(CancellationToken ct)
    {
        await foreach (SipServerTransaction tx in Layer.IncomingRequests.ReadAllAsync(ct).ConfigureAwait(false))
        {
            try
            {
                await DispatchAsync(tx).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or SipDialogException or Parsing.SipParseException)
            {
                // One bad request or a transaction that ended under us must not stop the endpoint.
            }
        }
    }

    private async Task DispatchAsync(SipServerTransaction tx)
    {
        if (!_screen.Admit(tx))
        {
            tx.Drop();
            return;
        }

        SipRequest request = tx.Request;
        if (request.To.Tag is string toTag)
        {
            SipCall? call = Find(request.CallId, toTag, request.From.Tag);
            if (call is null)
            {
                await tx.SendResponseAsync(tx.CreateResponse(481)).ConfigureAwait(false);
                return;
            }

            // Inline, not on the thread pool: in-dialog requests must be seen in CSeq order (§12.2.2).
            await call.HandleRequestAsync(tx).ConfigureAwait(false);
            return;
        }

        switch (request.Method)
        {
            case SipMethods.Invite:
                await OnNewInviteAsync(tx).ConfigureAwait(false);
                break;
            case SipMethods.Options:
                await tx.SendResponseAsync(CreateOptionsResponse(tx)).ConfigureAwait(false);
                break;
            case SipMethods.Register when _screen.AuthenticationEnabled:
                await OnRegisterAsync(tx).ConfigureAwait(false);
                break;
            case SipMethods.Bye or SipMethods.Info or SipMethods.Refer or SipMethods.Notify:
                await tx.SendResponseAsync(tx.CreateResponse(481)).ConfigureAwait(false);
                break;
            default:
                SipResponse notAllowed = tx.CreateResponse(405);
                notAllowed.Headers.Add("Allow", Options.Allow);
                await tx.SendResponseAsync(notAllowed).ConfigureAwait(false);
                break;
        }
    }

    private async Task OnNewInviteAsync(SipServerTransaction tx)
    {
        // Before anything else is looked at, so an unauthenticated caller learns nothing from the answer.
        DigestAuthResult? auth = await _screen.AuthenticateAsync(tx, _stop.Token).ConfigureAwait(false);
        if (auth is { IsAllowed: false })
        {
            return;
        }

        SessionDescription? offer = null;
        if (!tx.Request.Body.IsEmpty && !SessionDescription.TryParse(Encoding.UTF8.GetString(tx.Request.Body.Span), out offer, out _))
        {
            await tx.SendResponseAsync(tx.CreateResponse(488)).ConfigureAwait(false);
            return;
        }

        if (tx.Request.Contacts.Count == 0)
        {
            await tx.SendResponseAsync(tx.CreateResponse(400, "Missing Contact")).ConfigureAwait(false);
            return;
        }

        if (!_incoming.Writer.TryWrite(new SipIncomingCall(this, tx, offer) { AuthenticatedUser = auth?.Username }))
        {
            await tx.SendResponseAsync(tx.CreateResponse(486)).ConfigureAwait(false);
        }
    }

    private async Task OnRegisterAsync(SipServerTransaction tx)
    {
        DigestAuthResult? auth = await _screen.AuthenticateAsync(tx, _stop.Token).ConfigureAwait(false);
        if (auth is { IsAllowed: false })
        {
            return;
        }

        // Accepted but not stored: this endpoint is not a registrar; it lets authenticated phones and trunks register
        // so they keep sending calls here.
        SipResponse ok = tx.CreateResponse(200);
        foreach (SipHeader contact in tx.Request.Headers.GetAll(SipHeaderNames.Contact))
        {
            ok.Headers.Add(SipHeaderNames.Contact, contact.Value);
        }

        ok.Headers.Add(SipHeaderNames.Expires, tx.Request.Headers.GetFirstValue(SipHeaderNames.Expires) ?? "3600");
        await tx.SendResponseAsync(ok).ConfigureAwait(false);
    }

    private async Task UnmatchedLoopAsync(CancellationToken ct)
    {
        await foreach (SipInboundMessage inbound in Layer.Unmatched.ReadAllAsync(ct).ConfigureAwait(false))
        {
            try
            {
                if (inbound.Message is SipRequest { Method: SipMethods.Ack } ack)
                {
                    Find(ack.CallId, ack.To.Tag, ack.From.Tag)?.OnAck(ack);
                }
                else if (inbound.Message is SipResponse { StatusCode: >= 200 and < 300 } ok && ok.CSeq.Method == SipMethods.Invite
                    && Find(ok.CallId, ok.From.Tag, ok.To.Tag) is SipCall call && call.Dialog is SipDialog d && call.PendingInvite is SipRequest invite)
                {
                    // A retransmitted 2xx means our ACK was lost (RFC 3261 §13.2.2.4): send it again.
                    SendAck(call, invite);
                }
            }
            catch (Exception e) when (e is Parsing.SipParseException or ArgumentException)
            {
                // A malformed stray message is ignored.
            }
        }
    }
}

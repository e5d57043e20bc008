using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Dialogs;

/// <summary>
/// An INVITE waiting for the engine: answer it (<see cref="AcceptAsync(SdpNegotiator, CancellationToken)"/>),
/// reject it, or redirect it. Exactly one final action is allowed. Thread-safety: the actions may be called from
/// any thread; a second final action throws. If the caller cancels first, <see cref="Cancelled"/> completes and the
/// actions throw <see cref="SipDialogException"/>.
/// </summary>
public sealed class SipIncomingCall
{
    private readonly SipCallEndpoint _endpoint;
    private readonly SipServerTransaction _tx;
    private int _finalSent;

    internal SipIncomingCall(SipCallEndpoint endpoint, SipServerTransaction tx, SessionDescription? offer)
    {
        _endpoint = endpoint;
        _tx = tx;
        Offer = offer;
    }

    /// <summary>From (the caller).</summary>
    public NameAddress Caller => _tx.Request.From;

    /// <summary>To (the callee as dialled).</summary>
    public NameAddress Callee => _tx.Request.To;

    /// <summary>The Request-URI.</summary>
    public SipUri RequestUri => _tx.Request.RequestUri;

    /// <summary>All headers of the INVITE (read them, do not change them).</summary>
    public SipHeaders Headers => _tx.Request.Headers;

    /// <summary>Where the INVITE came from (the packet's source address and port).</summary>
    public SipEndPoint Source => _tx.Remote;

    /// <summary>The Call-ID.</summary>
    public string CallId => _tx.Request.CallId;

    /// <summary>The user the INVITE authenticated as (digest), or null when authentication is off or the source is allow-listed.</summary>
    public string? AuthenticatedUser { get; internal init; }

    /// <summary>The parsed SDP offer, null when the INVITE had none.</summary>
    public SessionDescription? Offer { get; }

    /// <summary>Completes when the caller sent CANCEL (the layer has already answered 487).</summary>
    public Task Cancelled => _tx.Cancelled;

    /// <summary>Sends 180 Ringing (creating the early dialog on the caller's side).</summary>
    /// <exception cref="SipDialogException">A final response was sent or the caller cancelled.</exception>
    public async Task SendRingingAsync(CancellationToken cancellationToken = default)
    {
        EnsurePending();
        SipResponse ringing = _tx.CreateResponse(180);
        ringing.Headers.Add(SipHeaderNames.Contact, "<" + _endpoint.Options.Contact + ">");
        await Send(ringing, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers with <paramref name="negotiator"/>'s answer to the offer (re-INVITEs are answered with it too). When
    /// negotiation fails the INVITE gets 488 and <see cref="SdpNegotiationException"/> is thrown.
    /// </summary>
    /// <exception cref="ArgumentNullException">The negotiator is null.</exception>
    /// <exception cref="SdpNegotiationException">No common codec (488 sent).</exception>
    /// <exception cref="SipDialogException">The INVITE had no offer, was already answered, or was cancelled.</exception>
    public async Task<SipCall> AcceptAsync(SdpNegotiator negotiator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(negotiator);
        SessionDescription offer = Offer ?? throw new SipDialogException("The INVITE has no SDP offer; accept it with an explicit offer SDP.");
        SdpAnswerResult result = negotiator.CreateAnswer(offer);
        if (!result.IsSuccess)
        {
            await RejectAsync(SdpAnswerResult.NotAcceptableHere, cancellationToken).ConfigureAwait(false);
            throw new SdpNegotiationException(result.FailureReason);
        }

        return await AcceptCoreAsync(result.Answer, negotiator).ConfigureAwait(false);
    }

    /// <summary>Answers with <paramref name="sdp"/> (our answer, or our offer when the INVITE had none).</summary>
    /// <exception cref="ArgumentNullException">The SDP is null.</exception>
    /// <exception cref="SipDialogException">Already answered or cancelled.</exception>
    public Task<SipCall> AcceptAsync(SessionDescription sdp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        cancellationToken.ThrowIfCancellationRequested();
        return AcceptCoreAsync(sdp, null);
    }

    /// <summary>
    /// Answers an INVITE that carried no SDP (a late offer, RFC 3261 §13.2.1): <paramref name="negotiator"/>'s offer goes
    /// in the 200 and the caller must answer in its ACK. Completes when that ACK has arrived, with the audio negotiated
    /// from its answer. When the ACK carries no usable answer the call is hung up (BYE) and
    /// <see cref="SdpNegotiationException"/> is thrown; when no ACK comes (the 2xx gives up after 64*T1 and the call ends)
    /// or <paramref name="cancellationToken"/> fires first, the call is hung up and <see cref="SipDialogException"/> or
    /// <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    /// <exception cref="ArgumentNullException">The negotiator is null.</exception>
    /// <exception cref="SipDialogException">The INVITE carried an offer, was already answered or cancelled, or was never acknowledged.</exception>
    /// <exception cref="SdpNegotiationException">The ACK carried no answer, or one with no codec of the offer.</exception>
    public async Task<SipLateOfferAnswer> AcceptWithOfferAsync(SdpNegotiator negotiator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(negotiator);
        if (Offer is not null)
        {
            throw new SipDialogException("The INVITE carries an SDP offer; answer it with AcceptAsync(negotiator).");
        }

        SipCall call = await AcceptCoreAsync(negotiator.CreateOffer(), negotiator).ConfigureAwait(false);
        SessionDescription? answer;
        try
        {
            answer = await call.AckAnswer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            HangUpWithoutWaiting(call);
            throw;
        }

        if (answer is null)
        {
            if (call.IsEnded)
            {
                throw new SipDialogException("The caller never acknowledged the answer; the call has ended.");
            }

            HangUpWithoutWaiting(call);
            throw new SdpNegotiationException("the ACK carried no SDP answer to our offer");
        }

        try
        {
            return new SipLateOfferAnswer(call, negotiator.ProcessAnswer(answer));
        }
        catch (SdpNegotiationException)
        {
            HangUpWithoutWaiting(call);
            throw;
        }
    }

    /// <summary>
    /// The BYE leaves at once and the call ends with it; its response may take up to 64*T1, which the failed answer
    /// must not wait for. A BYE that fails changes nothing for the caller of the failed accept.
    /// </summary>
    private static void HangUpWithoutWaiting(SipCall call) =>
        _ = call.HangupAsync(CancellationToken.None).ContinueWith(
            static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>Rejects with a 4xx/5xx/6xx status (486 busy, 603 decline, ...).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The status is not 400..699.</exception>
    /// <exception cref="SipDialogException">Already answered or cancelled.</exception>
    public Task RejectAsync(int statusCode, CancellationToken cancellationToken = default) => RejectAsync(statusCode, null, cancellationToken);

    /// <summary>Rejects with a 4xx/5xx/6xx status and extra headers (e.g. <c>Retry-After</c> on 503, RFC 3261 §21.5.4).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The status is not 400..699.</exception>
    /// <exception cref="ArgumentException">A header name or value is malformed.</exception>
    /// <exception cref="SipDialogException">Already answered or cancelled.</exception>
    public async Task RejectAsync(int statusCode, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        SipResponse response = _tx.CreateResponse(statusCode);
        foreach (KeyValuePair<string, string> header in headers ?? [])
        {
            response.Headers.Add(header.Key, header.Value);
        }

        ClaimFinal();
        await Send(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Redirects with 302 Moved Temporarily and a Contact of <paramref name="contact"/>.</summary>
    /// <exception cref="ArgumentNullException">The contact is null.</exception>
    /// <exception cref="SipDialogException">Already answered or cancelled.</exception>
    public async Task RedirectAsync(SipUri contact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        ClaimFinal();
        SipResponse moved = _tx.CreateResponse(302);
        moved.Headers.Add(SipHeaderNames.Contact, "<" + contact + ">");
        await Send(moved, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SipCall> AcceptCoreAsync(SessionDescription sdp, SdpNegotiator? negotiator)
    {
        ClaimFinal();
        SipDialog dialog = SipDialog.CreateAsServer(_tx.Request, _tx.LocalTag, _endpoint.Options.Contact);
        var call = new SipCall(_endpoint, dialog, outgoing: false, _tx.Remote)
        {
            RemoteSdp = Offer,
            LocalSdp = sdp,
            Negotiator = negotiator,
            Answered = true,
            Transport = _tx.Transport,
        };
        _endpoint.Register(call);
        await call.SendReliable2xxAsync(_tx, sdp).ConfigureAwait(false);
        return call;
    }

    private void ClaimFinal()
    {
        EnsurePending();
        if (Interlocked.Exchange(ref _finalSent, 1) != 0)
        {
            throw new SipDialogException("This call was already answered, rejected or redirected.");
        }
    }

    private void EnsurePending()
    {
        if (_tx.Cancelled.IsCompleted)
        {
            throw new SipDialogException("The caller cancelled the call.");
        }

        if (Volatile.Read(ref _finalSent) != 0)
        {
            throw new SipDialogException("A final response was already sent.");
        }
    }

    private async Task Send(SipResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await _tx.SendResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new SipDialogException("The INVITE transaction no longer accepts responses (cancelled or timed out).", e);
        }
    }
}

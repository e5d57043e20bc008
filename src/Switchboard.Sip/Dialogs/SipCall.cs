using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Dialogs;

/// <summary>
/// One call (an INVITE dialog), inbound or outbound. The engine reads <see cref="Events"/> (single reader; the last
/// event is <see cref="SipCallEventKind.Ended"/>, after which the channel completes) and drives the call with the
/// async methods. Thread-safety: methods may be called from any thread; state changes are serialized internally.
/// Ownership: created by <see cref="SipCallEndpoint"/>; it stays registered there until it ends.
/// </summary>
public sealed partial class SipCall
{
    private readonly SipCallEndpoint _endpoint;
    private readonly Channel<SipCallEvent> _events = Channel.CreateUnbounded<SipCallEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly SipEndPoint _fallbackDestination;
    private readonly TaskCompletionSource<SessionDescription?> _ackAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _retransmitTimer;
    private uint _awaitingAckFor;
    private bool _answeredRaised;
    private bool _held;
    private bool _ended;

    internal SipCall(SipCallEndpoint endpoint, SipDialog? dialog, bool outgoing, SipEndPoint fallbackDestination)
    {
        _endpoint = endpoint;
        Dialog = dialog;
        IsOutgoing = outgoing;
        _fallbackDestination = fallbackDestination;
    }

    /// <summary>The dialog; null for an outbound call until the first response with a To tag.</summary>
    public SipDialog? Dialog { get; internal set; }

    /// <summary>
    /// The transport this call's requests go over: the one the peer's INVITE came on, or the one we placed the call on.
    /// </summary>
    public SipTransportKind Transport { get; init; } = SipTransportKind.Udp;

    /// <summary>True for calls we placed with <see cref="SipCallEndpoint.InviteAsync"/>.</summary>
    public bool IsOutgoing { get; }

    /// <summary>The peer's current session description (offer or answer), null until known.</summary>
    public SessionDescription? RemoteSdp { get; internal set; }

    /// <summary>Our current session description.</summary>
    public SessionDescription? LocalSdp { get; internal set; }

    /// <summary>The negotiator used to answer re-INVITEs, when the call was accepted with one.</summary>
    public SdpNegotiator? Negotiator { get; internal set; }

    /// <summary>True once the call has ended.</summary>
    public bool IsEnded
    {
        get
        {
            lock (_gate)
            {
                return _ended;
            }
        }
    }

    /// <summary>Events of this call (ringing, answered, held/resumed, DTMF, transfer, ended).</summary>
    public ChannelReader<SipCallEvent> Events => _events.Reader;

    internal SipRequest? PendingInvite { get; set; }

    /// <summary>
    /// Completes at the first ACK of our 2xx with the SDP it carried (null when it had none or it did not parse), or
    /// with null when the call ends first. An ACK carries SDP only when our 2xx carried the offer (RFC 3261 §13.2.1).
    /// </summary>
    internal Task<SessionDescription?> AckAnswer => _ackAnswer.Task;

    internal SipCallEndpoint Endpoint => _endpoint;

    internal uint? PendingReferCSeq { get; set; }

    internal SipClientTransaction? PendingInviteTransaction { get; set; }

    internal bool Answered { get; set; }

    /// <summary>Credentials for a 401/407 to our INVITE (null: no retry).</summary>
    internal string? AuthUsername { get; init; }

    internal string AuthPassword { get; init; } = string.Empty;

    internal SipEndPoint Destination => SipCallEndpoint.Resolve(Dialog?.NextHop) ?? _fallbackDestination;

    /// <summary>
    /// Hangs up: BYE once answered; CANCEL for our own INVITE still ringing (the call then ends as cancelled).
    /// Does nothing when already ended.
    /// </summary>
    public async Task HangupAsync(CancellationToken cancellationToken = default)
    {
        if (IsEnded)
        {
            return;
        }

        if (IsOutgoing && !Answered && PendingInvite is SipRequest invite)
        {
            SipClientTransaction cancel = _endpoint.Layer.SendRequest(SipRequestFactory.CreateCancel(invite), _fallbackDestination, Transport);
            await cancel.FinalResponse.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        SipDialog dialog = Dialog ?? throw new SipDialogException("The call has no dialog to hang up.");
        SipRequest bye = dialog.CreateRequest(SipMethods.Bye);
        End(SipCallEndReasons.LocalHangup, 0);
        SipClientTransaction tx = _endpoint.Layer.SendRequest(bye, Destination, Transport);
        await tx.FinalResponse.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a re-INVITE offering <paramref name="offer"/> (target refresh and media change). Returns the final
    /// status; on 2xx it is ACKed, the peer's answer becomes <see cref="RemoteSdp"/> and the offer <see cref="LocalSdp"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">The offer is null.</exception>
    /// <exception cref="SipDialogException">The call is not answered or has ended.</exception>
    public async Task<int> UpdateMediaAsync(SessionDescription offer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offer);
        SipDialog dialog = ConfirmedDialog();
        SipRequest invite = dialog.CreateRequest(SipMethods.Invite);
        invite.Headers.Add(SipHeaderNames.ContentType, "application/sdp");
        invite.Body = Encoding.UTF8.GetBytes(offer.ToString());
        SipClientTransaction tx = _endpoint.Layer.SendRequest(invite, Destination, Transport);
        SipResponse final = await tx.FinalResponse.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (final.StatusCode is >= 200 and < 300)
        {
            dialog.RefreshTarget(final);
            PendingInvite = invite;
            _endpoint.SendAck(this, invite);
            LocalSdp = offer;
            if (!final.Body.IsEmpty && SessionDescription.TryParse(Encoding.UTF8.GetString(final.Body.Span), out SessionDescription? answer, out _))
            {
                RemoteSdp = answer;
            }
        }

        return final.StatusCode;
    }

    /// <summary>Puts the peer on hold: re-INVITE with our current SDP marked sendonly. Returns the final status.</summary>
    /// <exception cref="SipDialogException">The call is not answered, has ended, or has no local SDP.</exception>
    public Task<int> HoldAsync(CancellationToken cancellationToken = default) =>
        UpdateMediaAsync(SdpHold.WithDirection(LocalSdp ?? throw new SipDialogException("The call has no local SDP to re-offer."), SdpDirection.SendOnly), cancellationToken);

    /// <summary>Takes the peer off hold: re-INVITE with our current SDP marked sendrecv. Returns the final status.</summary>
    /// <exception cref="SipDialogException">The call is not answered, has ended, or has no local SDP.</exception>
    public Task<int> ResumeAsync(CancellationToken cancellationToken = default) =>
        UpdateMediaAsync(SdpHold.WithDirection(LocalSdp ?? throw new SipDialogException("The call has no local SDP to re-offer."), SdpDirection.SendRecv), cancellationToken);

    /// <summary>Sends one DTMF digit by INFO (application/dtmf-relay). Returns the final status of the INFO.</summary>
    /// <exception cref="ArgumentException">The digit is not 0-9, *, #, A-D, or the duration is not positive.</exception>
    /// <exception cref="SipDialogException">The call is not answered or has ended.</exception>
    public async Task<int> SendDtmfAsync(char digit, int durationMs = 160, CancellationToken cancellationToken = default)
    {
        if (!DtmfInfoCodec.IsDigit(digit))
        {
            throw new ArgumentException($"'{digit}' is not a DTMF digit (0-9, *, #, A-D).", nameof(digit));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationMs);
        SipRequest info = ConfirmedDialog().CreateRequest(SipMethods.Info);
        info.Headers.Add(SipHeaderNames.ContentType, DtmfInfoCodec.RelayContentType);
        info.Body = DtmfInfoCodec.FormatRelay(digit, durationMs);
        return await SendAsync(info, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Blind transfer (RFC 3515): sends REFER with Refer-To <paramref name="target"/>. Returns the REFER's final
    /// status (202 when accepted); progress arrives as <see cref="SipCallEventKind.TransferProgress"/> events.
    /// </summary>
    /// <exception cref="ArgumentNullException">The target is null.</exception>
    /// <exception cref="SipDialogException">The call is not answered or has ended.</exception>
    public async Task<int> TransferAsync(SipUri target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        SipDialog dialog = ConfirmedDialog();
        SipRequest refer = dialog.CreateRequest(SipMethods.Refer);
        refer.Headers.Add(SipHeaderNames.ReferTo, "<" + target + ">");
        refer.Headers.Add(SipHeaderNames.ReferredBy, "<" + dialog.LocalUri + ">");
        return await SendAsync(refer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reports the outcome of a transfer the peer asked for (<see cref="SipCallEventKind.TransferRequested"/>): a
    /// final NOTIFY with <c>message/sipfrag</c> "SIP/2.0 status" that ends the implicit subscription.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The status is not 200..699.</exception>
    /// <exception cref="SipDialogException">No REFER is pending, or the call has ended.</exception>
    public Task<int> ReportTransferResultAsync(int statusCode, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        uint referCSeq = PendingReferCSeq ?? throw new SipDialogException("No REFER from the peer is pending.");
        PendingReferCSeq = null;
        return SendNotifyAsync(referCSeq, statusCode, final: true, cancellationToken);
    }

    internal async Task<int> SendNotifyAsync(uint referCSeq, int statusCode, bool final, CancellationToken cancellationToken)
    {
        SipRequest notify = ConfirmedDialog().CreateRequest(SipMethods.Notify);
        notify.Headers.Add(SipHeaderNames.Event, "refer;id=" + referCSeq.ToString(CultureInfo.InvariantCulture));
        notify.Headers.Add("Subscription-State", final ? "terminated;reason=noresource" : "active;expires=60");
        notify.Headers.Add(SipHeaderNames.ContentType, "message/sipfrag;version=2.0");
        notify.Body = Encoding.ASCII.GetBytes("SIP/2.0 " + statusCode.ToString(CultureInfo.InvariantCulture) + " " + SipStatusCodes.GetReasonPhrase(statusCode) + "\r\n");
        return await SendAsync(notify, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<int> SendAsync(SipRequest request, CancellationToken cancellationToken)
    {
        SipClientTransaction tx = _endpoint.Layer.SendRequest(request, Destination, Transport);
        SipResponse final = await tx.FinalResponse.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (final.StatusCode is 408 or 481 && request.Method != SipMethods.Bye)
        {
            // RFC 3261 §12.2.1.2: the dialog is gone on the other side.
            await HangupAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return final.StatusCode;
    }

    /// <summary>Handles a request the peer sent in this dialog.</summary>
    internal Task HandleRequestAsync(SipServerTransaction tx) => SipCallRequestHandler.HandleAsync(this, tx);

    /// <summary>Records the peer's hold state; true when it changed.</summary>
    internal bool SetHeld(bool hold)
    {
        lock (_gate)
        {
            bool changed = hold != _held;
            _held = hold;
            return changed;
        }
    }

    internal void RaiseAnsweredOnce(int status)
    {
        lock (_gate)
        {
            if (_answeredRaised)
            {
                return;
            }

            _answeredRaised = true;
        }

        Raise(new SipCallEvent(SipCallEventKind.Answered, StatusCode: status, RemoteSdp: RemoteSdp));
    }

    internal void Raise(SipCallEvent e)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }
        }

        _events.Writer.TryWrite(e);
    }

    internal void End(string reason, int status, string? detail = null)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _awaitingAckFor = 0;
            _retransmitTimer?.Dispose();
            _retransmitTimer = null;
        }

        _ackAnswer.TrySetResult(null);
        Dialog?.Terminate();
        _endpoint.Unregister(this);
        _events.Writer.TryWrite(new SipCallEvent(SipCallEventKind.Ended, reason, status, Detail: detail));
        _events.Writer.TryComplete();
    }

    private SipDialog ConfirmedDialog()
    {
        SipDialog? dialog = Dialog;
        if (dialog is null || IsEnded || !Answered)
        {
            throw new SipDialogException("The call is not answered or has ended.");
        }

        return dialog;
    }
}

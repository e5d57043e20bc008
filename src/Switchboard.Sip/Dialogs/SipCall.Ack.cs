using System.Text;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Dialogs;

/// <summary>The answering side's 2xx: sent reliably until the ACK, which may bring the answer to a late offer.</summary>
public sealed partial class SipCall
{
    /// <summary>Sends a 2xx to an INVITE and retransmits it (T1 doubling to T2) until the ACK; 64*T1 → BYE.</summary>
    internal async Task SendReliable2xxAsync(SipServerTransaction tx, SessionDescription? sdp)
    {
        SipResponse ok = tx.CreateResponse(200);
        ok.Headers.Add(SipHeaderNames.Contact, "<" + _endpoint.Options.Contact + ">");
        ok.Headers.Add("Allow", _endpoint.Options.Allow);
        if (sdp is not null)
        {
            ok.Headers.Add(SipHeaderNames.ContentType, "application/sdp");
            ok.Body = Encoding.UTF8.GetBytes(sdp.ToString());
        }

        SipTransactionOptions timers = _endpoint.Layer.Options;
        bool udp = tx.Transport == SipTransportKind.Udp;
        TimeSpan interval = timers.T1;
        TimeSpan delay = udp ? interval : timers.TransactionTimeout;
        TimeSpan elapsed = TimeSpan.Zero;
        lock (_gate)
        {
            _awaitingAckFor = tx.Request.CSeq.Sequence;
            _retransmitTimer?.Dispose();
            _retransmitTimer = _endpoint.Time.CreateTimer(_ => OnRetransmitTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _retransmitTimer.Change(delay, Timeout.InfiniteTimeSpan);
        }

        await tx.SendResponseAsync(ok).ConfigureAwait(false);

        void OnRetransmitTimer()
        {
            lock (_gate)
            {
                if (_awaitingAckFor == 0 || _ended)
                {
                    return;
                }

                elapsed += delay;
                if (elapsed >= timers.TransactionTimeout)
                {
                    _awaitingAckFor = 0;
                }
                else
                {
                    _endpoint.Layer.SendStateless(ok, tx.Remote, tx.Transport);
                    interval = interval * 2 < timers.T2 ? interval * 2 : timers.T2;

                    // The give-up instant is 64*T1 exactly, not the next retransmission after it.
                    TimeSpan left = timers.TransactionTimeout - elapsed;
                    delay = interval < left ? interval : left;
                    _retransmitTimer?.Change(delay, Timeout.InfiniteTimeSpan);
                    return;
                }
            }

            // RFC 3261 §13.3.1.4: no ACK within 64*T1 — confirm then tear down the session.
            _ = HangupAfterAckTimeoutAsync();
        }
    }

    private async Task HangupAfterAckTimeoutAsync()
    {
        SipDialog dialog = Dialog!;
        SipRequest bye = dialog.CreateRequest(SipMethods.Bye);
        End(SipCallEndReasons.AckTimeout, 0);
        SipClientTransaction tx = _endpoint.Layer.SendRequest(bye, Destination, Transport);
        await tx.FinalResponse.ConfigureAwait(false);
    }

    /// <summary>An ACK for our 2xx arrived (from the layer's unmatched queue).</summary>
    internal void OnAck(SipRequest ack)
    {
        bool raise;
        lock (_gate)
        {
            if (_awaitingAckFor == 0 || ack.CSeq.Sequence != _awaitingAckFor)
            {
                return;
            }

            _awaitingAckFor = 0;
            _retransmitTimer?.Dispose();
            _retransmitTimer = null;
            raise = !_answeredRaised;
            _answeredRaised = true;
        }

        SessionDescription? answer = null;
        if (!ack.Body.IsEmpty && string.Equals(ack.ContentType, "application/sdp", StringComparison.OrdinalIgnoreCase)
            && SessionDescription.TryParse(Encoding.UTF8.GetString(ack.Body.Span), out answer, out _))
        {
            RemoteSdp = answer;
        }

        _ackAnswer.TrySetResult(answer);
        Dialog?.Confirm();
        if (raise)
        {
            Raise(new SipCallEvent(SipCallEventKind.Answered, StatusCode: 200, RemoteSdp: RemoteSdp));
        }
    }
}

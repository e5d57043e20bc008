using Switchboard.Sip.Messages;

namespace Switchboard.Sip.Transactions;

/// <summary>Builds the requests the transaction layer derives from another request. Stateless; thread-safe.</summary>
public static class SipRequestFactory
{
    /// <summary>
    /// A CANCEL for a pending INVITE (RFC 3261 §9.1): same Request-URI, Call-ID, From, To, CSeq number and Route, one
    /// Via equal to the INVITE's top Via (so it carries the same branch), CSeq method CANCEL.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="invite"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is not an INVITE or has no Via.</exception>
    public static SipRequest CreateCancel(SipRequest invite)
    {
        ArgumentNullException.ThrowIfNull(invite);
        if (invite.Method != SipMethods.Invite || invite.TopVia is null)
        {
            throw new ArgumentException("Only an INVITE with a Via can be cancelled.", nameof(invite));
        }

        return Derive(invite, SipMethods.Cancel, invite.Headers.GetFirstValue(SipHeaderNames.To)!);
    }

    /// <summary>
    /// The ACK an INVITE client transaction sends for a non-2xx final response (RFC 3261 §17.1.1.3): To from the
    /// response, everything else from the INVITE, one Via equal to its top Via.
    /// </summary>
    internal static SipRequest CreateAckForNon2xx(SipRequest invite, SipResponse response) =>
        Derive(invite, SipMethods.Ack, response.Headers.GetFirstValue(SipHeaderNames.To) ?? invite.Headers.GetFirstValue(SipHeaderNames.To)!);

    private static SipRequest Derive(SipRequest invite, string method, string to)
    {
        var request = new SipRequest(method, invite.RequestUri);
        request.Headers.Add(SipHeaderNames.Via, invite.TopVia!.ToString());
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        request.Headers.Add(SipHeaderNames.From, invite.Headers.GetFirstValue(SipHeaderNames.From)!);
        request.Headers.Add(SipHeaderNames.To, to);
        request.Headers.Add(SipHeaderNames.CallId, invite.CallId);
        request.Headers.Add(SipHeaderNames.CSeq, new CSeqHeader(invite.CSeq.Sequence, method).ToString());
        foreach (SipHeader route in invite.Headers.GetAll(SipHeaderNames.Route))
        {
            request.Headers.Add(route);
        }

        return request;
    }
}

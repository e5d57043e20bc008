using System.Globalization;
using Switchboard.Sip.Messages;

namespace Switchboard.Sip.Transactions;

/// <summary>Transaction matching keys (RFC 3261 §17.1.3, §17.2.3). Stateless; thread-safe.</summary>
internal static class SipTransactionKeys
{
    /// <summary>
    /// The server transaction key of a request. ACK matches the INVITE transaction and CANCEL gets its own
    /// (§17.2.3). Without the magic cookie the RFC 2543 rule applies: Request-URI, From tag, Call-ID, CSeq number and
    /// top Via; the To tag is left out so the ACK (which carries the tag of our response) matches its INVITE.
    /// </summary>
    public static string ForServer(SipRequest request, string? methodOverride = null)
    {
        ViaHeader via = request.TopVia ?? throw new ArgumentException("A request needs a Via.", nameof(request));
        string method = methodOverride ?? (request.Method == SipMethods.Ack ? SipMethods.Invite : request.Method);
        string sentBy = via.Host + ":" + (via.Port ?? 0).ToString(CultureInfo.InvariantCulture);
        if (via.HasRfc3261Branch)
        {
            return "3261|" + via.Branch + "|" + sentBy + "|" + method;
        }

        return string.Join(
            '|',
            "2543",
            request.RequestUri.ToString(),
            request.From.Tag ?? string.Empty,
            request.CallId,
            request.CSeq.Sequence.ToString(CultureInfo.InvariantCulture),
            via.Transport,
            sentBy,
            via.Branch ?? string.Empty,
            method);
    }

    /// <summary>The client transaction key of a response or of our own request: branch and CSeq method (§17.1.3).</summary>
    public static string? ForClient(SipMessage message)
    {
        string? branch = message.TopVia?.Branch;
        return branch is null ? null : branch + "|" + message.CSeq.Method;
    }

    /// <summary>§8.2.2.2: requests without a To tag that share these belong to one request, forked or not.</summary>
    public static string? ForMerge(SipRequest request) =>
        request.To.Tag is not null
            ? null
            : string.Join('|', request.From.Tag ?? string.Empty, request.CallId, request.CSeq.Sequence.ToString(CultureInfo.InvariantCulture), request.CSeq.Method);
}

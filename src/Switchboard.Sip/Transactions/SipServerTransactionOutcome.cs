namespace Switchboard.Sip.Transactions;

/// <summary>How a server transaction ended.</summary>
public enum SipServerTransactionOutcome
{
    /// <summary>The final response was sent and its lifetime ran out (or the ACK arrived) normally.</summary>
    Completed,

    /// <summary>INVITE with a non-2xx final response: no ACK arrived before Timer H (RFC 3261 §17.2.1).</summary>
    AckTimeout,

    /// <summary>The transport could not send a response (RFC 3261 §17.2.4).</summary>
    TransportError,

    /// <summary>The transaction layer was disposed first.</summary>
    Aborted,

    /// <summary>The endpoint dropped the request without an answer (flood guard or scanner filter).</summary>
    Dropped,
}

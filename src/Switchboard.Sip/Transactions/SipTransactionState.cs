namespace Switchboard.Sip.Transactions;

/// <summary>Transaction states of RFC 3261 §17 plus the Accepted state of RFC 6026.</summary>
public enum SipTransactionState
{
    /// <summary>INVITE client: request sent, no response yet.</summary>
    Calling,

    /// <summary>Non-INVITE: no response yet (client) or request received with no response sent (server).</summary>
    Trying,

    /// <summary>A provisional response was received or sent.</summary>
    Proceeding,

    /// <summary>A final non-2xx (INVITE) or any final (non-INVITE) response; absorbing retransmissions.</summary>
    Completed,

    /// <summary>INVITE server: the ACK for a non-2xx final response arrived.</summary>
    Confirmed,

    /// <summary>INVITE: a 2xx was sent or received; retransmissions are left to the dialog layer (RFC 6026).</summary>
    Accepted,

    /// <summary>Finished; the transaction no longer matches messages.</summary>
    Terminated,
}

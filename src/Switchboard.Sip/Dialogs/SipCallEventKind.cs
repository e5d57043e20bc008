namespace Switchboard.Sip.Dialogs;

/// <summary>What a <see cref="SipCallEvent"/> reports.</summary>
public enum SipCallEventKind
{
    /// <summary>The peer is alerting (180/183, early dialog).</summary>
    Ringing,

    /// <summary>The call is answered (2xx sent and ACKed, or 2xx received); <see cref="SipCallEvent.RemoteSdp"/> holds the peer's SDP.</summary>
    Answered,

    /// <summary>The peer put us on hold (sendonly/inactive offer).</summary>
    Held,

    /// <summary>The peer took us off hold.</summary>
    Resumed,

    /// <summary>
    /// The peer's re-INVITE was answered: <see cref="SipCallEvent.Audio"/> says where media goes now and in which
    /// direction (raised after <see cref="Held"/>/<see cref="Resumed"/>, for every answered offer; the reader compares).
    /// </summary>
    MediaChanged,

    /// <summary>A DTMF digit arrived by INFO.</summary>
    Dtmf,

    /// <summary>The peer asked us to transfer (REFER); answer with <see cref="SipCall.ReportTransferResultAsync"/>.</summary>
    TransferRequested,

    /// <summary>A NOTIFY about our own REFER; <see cref="SipCallEvent.StatusCode"/> holds the sipfrag status.</summary>
    TransferProgress,

    /// <summary>The call ended; <see cref="SipCallEvent.Reason"/> says why (see <see cref="SipCallEndReasons"/>). Last event.</summary>
    Ended,
}

namespace Switchboard.Sip.Dialogs;

/// <summary>Dialog state (RFC 3261 §12): created by a provisional (early) or a 2xx (confirmed).</summary>
public enum SipDialogState
{
    /// <summary>Created by a 1xx with a To tag; may still fail.</summary>
    Early,

    /// <summary>Created or confirmed by a 2xx.</summary>
    Confirmed,

    /// <summary>Ended by BYE, a failure or a timeout.</summary>
    Terminated,
}

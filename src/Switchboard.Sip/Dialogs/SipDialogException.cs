namespace Switchboard.Sip.Dialogs;

/// <summary>A dialog or call operation that the current state or the peer's message does not allow.</summary>
public sealed class SipDialogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SipDialogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SipDialogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

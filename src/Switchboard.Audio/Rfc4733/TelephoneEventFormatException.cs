namespace Switchboard.Audio.Rfc4733;

/// <summary>
/// Thrown when bytes that should hold an RFC 4733 telephone-event payload do not: too short, or a length that is
/// not a whole number of 4-byte event blocks. The message says which.
/// </summary>
public sealed class TelephoneEventFormatException : FormatException
{
    /// <summary>Creates the exception with a message describing the defect.</summary>
    public TelephoneEventFormatException(string message)
        : base(message)
    {
    }
}

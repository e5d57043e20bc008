namespace Switchboard.Speech;

/// <summary>
/// A speech engine failed: a native call returned an error, the engine could not be initialised, or the audio
/// could not be processed.
/// </summary>
/// <remarks>Thread-safety: instances are immutable after construction.</remarks>
public class SpeechException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public SpeechException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public SpeechException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Switchboard.Audio.Wav;

/// <summary>
/// Thrown by <see cref="WavReader"/> when the input is not a WAV file it can read: not RIFF/WAVE, truncated
/// headers, missing or inconsistent <c>fmt </c> chunk, unsupported encoding, absurd sizes or channel counts.
/// The message says what is wrong; no other exception type escapes the reader for bad content.
/// </summary>
public sealed class WavFormatException : Exception
{
    /// <summary>Creates the exception with a description of the problem.</summary>
    public WavFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a description of the problem and the underlying cause.</summary>
    public WavFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

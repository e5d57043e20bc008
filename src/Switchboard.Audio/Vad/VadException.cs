namespace Switchboard.Audio.Vad;

/// <summary>
/// Thrown when a voice activity model cannot be loaded or run: the model file is missing, fails its
/// integrity check, or the inference runtime rejects it.
/// </summary>
public sealed class VadException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public VadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public VadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Switchboard.Speech;

/// <summary>
/// A native speech library or its model files are not installed. <see cref="DebianPackages"/> names what to
/// install (<c>apt-get install -y ...</c>).
/// </summary>
/// <remarks>Thread-safety: instances are immutable after construction.</remarks>
public sealed class SpeechNativeLibraryException : SpeechException
{
    /// <summary>Creates the exception naming the missing library and the Debian packages that provide it.</summary>
    public SpeechNativeLibraryException(string library, string debianPackages, Exception? innerException = null)
        : base(
            $"The native library '{library}' is not available; install the Debian package(s): apt-get install -y {debianPackages}.",
            innerException ?? new DllNotFoundException(library))
    {
        Library = library;
        DebianPackages = debianPackages;
    }

    /// <summary>The library file (or model path) that could not be loaded.</summary>
    public string Library { get; }

    /// <summary>Space-separated Debian package names that provide it.</summary>
    public string DebianPackages { get; }
}

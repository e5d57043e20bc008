using System.Runtime.InteropServices;

namespace Switchboard.Speech.Flite;

/// <summary>
/// Lowers the calling thread's scheduling priority on Linux (its nice value; <c>setpriority</c> on the thread id, which
/// any process may do to itself without privileges). .NET's <see cref="Thread.Priority"/> does not change anything for
/// an unprivileged process on Linux.
/// </summary>
internal static partial class WorkerThreadPriority
{
    private const int PrioProcess = 0;

    /// <summary>
    /// Gives the calling thread nice value <paramref name="nice"/> (0–19; higher yields more). Returns false where this
    /// is not supported or refused; the thread then simply keeps its priority.
    /// </summary>
    internal static bool TryLowerCurrent(int nice)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, 19);
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SetPriority(PrioProcess, GetTid(), nice) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int prio);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}

using System.Runtime.InteropServices;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// Raises the calling thread's nice value on Linux. .NET maps <see cref="ThreadPriority"/> to nothing there (the default
/// SCHED_OTHER policy has a single static priority), so a thread marked AboveNormal still waits behind every other
/// runnable thread of the machine; the nice value is what the Linux scheduler weighs.
/// </summary>
internal static class LinuxThreadPriority
{
    private const int PrioProcess = 0;

    /// <summary>Sets the calling thread's nice value; false where it is not Linux or the process may not (no root, no CAP_SYS_NICE).</summary>
    public static bool TrySetCurrentThreadNice(int nice, out int threadId)
    {
        threadId = 0;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            threadId = GetTid();

            // On Linux, PRIO_PROCESS with a thread id changes that thread only (threads are tasks of their own).
            return SetPriority(PrioProcess, threadId, nice) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "setpriority")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int prio);

    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetTid();
}

using System.Runtime.InteropServices;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// What the media clock thread needs from Linux that .NET does not give: a priority the scheduler honours (.NET maps
/// <see cref="ThreadPriority"/> to nothing there, since the default SCHED_OTHER policy has a single static priority, so
/// a thread marked AboveNormal still waits behind every runnable thread of the machine; the nice value is what the
/// scheduler weighs) and a sleep finer than <see cref="Thread.Sleep(int)"/>'s whole milliseconds, whose rounding
/// alone moved every tick by up to 1 ms.
/// </summary>
internal static class LinuxMediaThread
{
    private const int PrioProcess = 0;
    private const int ClockMonotonic = 1;
    private const int Eintr = 4;
    private const int SchedOther = 0;
    private const int SchedFifo = 1;

    /// <summary>
    /// Threads started by a thread inherit its policy and nice value. The clock thread completes channel reads, and
    /// .NET starts a new thread-pool thread on the thread that queues the work when the pool needs one, so without this
    /// flag pool threads could end up in the real-time class (or at nice −10), ahead of the clock itself. With it, a
    /// child starts as SCHED_OTHER at nice 0 or above (sched(7)).
    /// </summary>
    private const int SchedResetOnFork = 0x40000000;
    private static bool _sleepUnavailable;

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

            // Threads this one starts must not inherit a raised priority (see SchedResetOnFork).
            if (nice < 0)
            {
                var normal = new SchedParam { Priority = 0 };
                if (SchedSetScheduler(0, SchedOther | SchedResetOnFork, ref normal) != 0)
                {
                    return false;
                }
            }

            // On Linux, PRIO_PROCESS with a thread id changes that thread only (threads are tasks of their own).
            return SetPriority(PrioProcess, threadId, nice) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Puts the calling thread in the SCHED_FIFO real-time class at <paramref name="priority"/> (1–99); false where it is
    /// not Linux or the process may not (no root, no CAP_SYS_NICE, or a container without real-time budget). A real-time
    /// thread runs before every normal thread of the machine as soon as it wakes; the kernel's real-time throttling
    /// (by default 95 % of each second) still bounds a runaway one.
    /// </summary>
    public static bool TrySetCurrentThreadFifo(int priority)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, 99);
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var parameter = new SchedParam { Priority = priority };

            // pid 0 is the calling thread: sched_setscheduler works on tasks, and every thread is a task. Threads this one
            // starts begin as SCHED_OTHER (see SchedResetOnFork).
            return SchedSetScheduler(0, SchedFifo | SchedResetOnFork, ref parameter) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sleeps <paramref name="duration"/> on the monotonic clock with nanosecond resolution (the kernel's timer slack
    /// applies). False, without sleeping, where that is not available; an interrupted sleep returns true early and the
    /// caller, which re-reads the time anyway, sleeps again.
    /// </summary>
    public static bool TrySleep(TimeSpan duration)
    {
        if (!OperatingSystem.IsLinux() || _sleepUnavailable)
        {
            return false;
        }

        if (duration <= TimeSpan.Zero)
        {
            return true;
        }

        long ns = duration.Ticks * 100;
        var request = new Timespec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
        try
        {
            int result = ClockNanosleep(ClockMonotonic, 0, ref request, IntPtr.Zero);
            return result is 0 or Eintr;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _sleepUnavailable = true;
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockNanosleep(int clockId, int flags, ref Timespec request, IntPtr remain);

    [DllImport("libc", EntryPoint = "setpriority")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int prio);

    [DllImport("libc", EntryPoint = "sched_setscheduler")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SchedSetScheduler(int pid, int policy, ref SchedParam parameter);

    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetTid();

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

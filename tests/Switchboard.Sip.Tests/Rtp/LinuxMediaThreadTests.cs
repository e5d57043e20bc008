using System.Globalization;
using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

/// <summary>
/// The media clock thread raises its priority; threads it starts (the thread pool starts workers on the thread that
/// queues work) must not inherit it. Needs root or CAP_SYS_NICE to raise a priority at all; without, there is nothing
/// to inherit and the test says so by returning early.
/// </summary>
public sealed class LinuxMediaThreadTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_thread_started_by_the_raised_clock_thread_runs_at_normal_priority(bool realTime)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        bool raised = false;
        (int Policy, int Nice) own = default, child = default;
        var clock = new Thread(() =>
        {
            raised = LinuxMediaThread.TrySetCurrentThreadNice(-10, out _) && (!realTime || LinuxMediaThread.TrySetCurrentThreadFifo(10));
            own = Scheduling();
            var started = new Thread(() => child = Scheduling());
            started.Start();
            started.Join();
        });
        clock.Start();
        clock.Join();
        if (!raised)
        {
            return; // not permitted here: nothing raised, nothing to inherit
        }

        Assert.Equal(realTime ? (1, -10) : (0, -10), (own.Policy, own.Nice));
        Assert.Equal((0, 0), child);
    }

    /// <summary>Policy (field 41) and nice value (field 19) of the calling thread, from /proc/thread-self/stat.</summary>
    private static (int Policy, int Nice) Scheduling()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[38], CultureInfo.InvariantCulture), int.Parse(fields[16], CultureInfo.InvariantCulture));
    }
}

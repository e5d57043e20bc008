using System.Diagnostics;

namespace Switchboard.Bench.Engine;

/// <summary>
/// A control for the load run: a dedicated thread (outside the thread pool, no managed allocations in its loop) that
/// sleeps 1 ms at a time and notes how much later than asked it woke, per 20 ms tick of the run. When the media loops
/// miss deadlines while this thread woke on time, the delay was inside the process (thread pool, locks); when this
/// thread was late too, the whole process was off the CPU (the machine's other load, or a GC suspension).
/// </summary>
internal sealed class SchedulerProbe : IDisposable
{
    private readonly long[] _worstAt;
    private readonly TimeSpan _period;
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _origin;

    public SchedulerProbe(int ticks, TimeSpan period)
    {
        _worstAt = new long[ticks];
        _period = period;
        _thread = new Thread(Run) { IsBackground = true, Name = "scheduler probe" };
    }

    /// <summary>Worst wake-up delay (beyond the 1 ms asked) during tick n, in TimeSpan ticks.</summary>
    public IReadOnlyList<long> WorstAt => _worstAt;

    public void Start(long originTimestamp)
    {
        _origin = originTimestamp;
        _thread.Start();
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Run()
    {
        while (!_stop)
        {
            var before = Stopwatch.GetTimestamp();
            Thread.Sleep(1);
            var after = Stopwatch.GetTimestamp();
            var overshoot = Stopwatch.GetElapsedTime(before, after) - TimeSpan.FromMilliseconds(1);
            var tick = Stopwatch.GetElapsedTime(_origin, after) / _period;
            if (tick >= 0 && tick < _worstAt.Length && overshoot.Ticks > _worstAt[(int)tick]) _worstAt[(int)tick] = overshoot.Ticks;
        }
    }
}

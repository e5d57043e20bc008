namespace Switchboard.Bench.Engine;

/// <summary>
/// What the load run's pacer sees at each tick, just before it writes that tick's frames: its own lateness, the GC
/// counters, and the thread pool's queue and thread count. One writer (the pacer), read after the run.
/// </summary>
internal sealed class LoadTimeline(int ticks)
{
    public long[] PacerLateTicks { get; } = new long[ticks];
    public int[] Collections { get; } = new int[ticks];
    public long[] PauseTicks { get; } = new long[ticks];
    public long[] PendingWorkItems { get; } = new long[ticks];
    public int[] Threads { get; } = new int[ticks];

    public void Sample(long tick, TimeSpan pacerLate)
    {
        if (tick < 0 || tick >= PacerLateTicks.Length) return;
        var i = (int)tick;
        PacerLateTicks[i] = pacerLate.Ticks;
        Collections[i] = GC.CollectionCount(0);
        PauseTicks[i] = GC.GetTotalPauseDuration().Ticks;
        PendingWorkItems[i] = ThreadPool.PendingWorkItemCount;
        Threads[i] = ThreadPool.ThreadCount;
    }
}

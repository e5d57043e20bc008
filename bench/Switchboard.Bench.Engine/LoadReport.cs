using System.Globalization;

namespace Switchboard.Bench.Engine;

/// <summary>
/// Reads a load run's tallies for where missed deadlines come from: how late frames were (histogram), whether misses
/// cluster in time (episodes of consecutive ticks), and what else happened in those episodes (a GC, the pacer itself
/// late, the probe thread late, the thread pool's queue).
/// </summary>
internal static class LoadReport
{
    /// <summary>Ticks around a tick in which a GC counts as touching it: one before (the pacer's sample), three after (the handling).</summary>
    private const int GcBefore = 1;
    private const int GcAfter = 3;

    public static void Print(DeadlineClock deadlines, LoadTimeline timeline, SchedulerProbe probe, int ticks)
    {
        var handled = Math.Max(1, deadlines.HandledFrames);
        var bounds = DeadlineClock.BucketBoundsMs;
        var parts = new List<string>();
        for (var b = 0; b < deadlines.Buckets.Count; b++)
        {
            var label = b == 0 ? $"<={bounds[0]:0}" : b < bounds.Length ? $"{bounds[b - 1]:0}-{bounds[b]:0}" : $">{bounds[^1]:0}";
            parts.Add($"{label} ms {100.0 * deadlines.Buckets[b] / handled:0.###}%");
        }
        Console.WriteLine($"lateness of handled frames (after due): {string.Join(", ", parts)}");

        bool GcNear(int tick) => timeline.Collections[Math.Min(ticks - 1, tick + GcAfter)] > timeline.Collections[Math.Max(0, tick - GcBefore)];
        var ticksNearGc = 0;
        long missedNearGc = 0;
        var ticksWithMisses = 0;
        long probeLate = 0;
        for (var t = 0; t < ticks; t++)
        {
            var near = GcNear(t);
            if (near) ticksNearGc++;
            if (deadlines.MissedAt[t] > 0) ticksWithMisses++;
            if (near) missedNearGc += deadlines.MissedAt[t];
            if (probe.WorstAt[t] > TimeSpan.TicksPerMillisecond * 10) probeLate++;
        }
        var missed = Math.Max(1, deadlines.Missed);
        Console.WriteLine($"misses by time: {ticksWithMisses} of {ticks} ticks had a late frame; ticks within {GcBefore}/{GcAfter} ticks of a GC: " +
            $"{100.0 * ticksNearGc / ticks:F1}% of the run, holding {100.0 * missedNearGc / missed:F1}% of the misses; " +
            $"probe thread woke > 10 ms late in {probeLate} ticks");

        var episodes = Episodes(deadlines, ticks);
        var ordered = episodes.OrderByDescending(e => e.Missed).ToList();
        var top = ordered.Take(5).Sum(e => e.Missed);
        Console.WriteLine($"miss episodes (late ticks <= 2 apart merged): {episodes.Count}; the 5 largest hold {100.0 * top / missed:F1}% of the misses");
        Console.WriteLine("  start s | ticks | missed | worst ms | GCs | GC pause ms | pacer late ms | probe late ms | pool queue max | pool threads");
        foreach (var e in ordered.Take(8).OrderBy(e => e.Start))
        {
            var from = Math.Max(0, e.Start - GcBefore);
            var to = Math.Min(ticks - 1, e.End + GcAfter);
            var gcs = timeline.Collections[to] - timeline.Collections[from];
            var pause = TimeSpan.FromTicks(timeline.PauseTicks[to] - timeline.PauseTicks[from]).TotalMilliseconds;
            long pacer = 0, probeWorst = 0, queue = 0;
            int threads = 0;
            for (var t = from; t <= to; t++)
            {
                pacer = Math.Max(pacer, timeline.PacerLateTicks[t]);
                probeWorst = Math.Max(probeWorst, probe.WorstAt[t]);
                queue = Math.Max(queue, timeline.PendingWorkItems[t]);
                threads = Math.Max(threads, timeline.Threads[t]);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {e.Start * deadlines.Period.TotalSeconds,7:F2} | {e.End - e.Start + 1,5} | {e.Missed,6} | {TimeSpan.FromTicks(e.Worst).TotalMilliseconds,8:F1} | {gcs,3} | {pause,11:F1} | " +
                $"{TimeSpan.FromTicks(pacer).TotalMilliseconds,13:F1} | {TimeSpan.FromTicks(probeWorst).TotalMilliseconds,13:F1} | {queue,14} | {threads,12}"));
        }

        var queues = timeline.PendingWorkItems.Take(ticks).Select(q => (double)q).ToList();
        Console.WriteLine($"thread pool at each tick (before its writes): queue {Summary(queues)}; threads {timeline.Threads.Take(ticks).Min()}-{timeline.Threads.Take(ticks).Max()}");
        var probeMs = probe.WorstAt.Take(ticks).Select(t => TimeSpan.FromTicks(t).TotalMilliseconds).ToList();
        Console.WriteLine($"probe thread wake-up delay per tick (worst in the tick): {Summary(probeMs)}");
    }

    private static string Summary(List<double> values) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentiles.Of(values, 50):0.##}, p99 {Percentiles.Of(values, 99):0.##}, max {values.Max():0.##}");

    private static List<Episode> Episodes(DeadlineClock deadlines, int ticks)
    {
        var episodes = new List<Episode>();
        Episode? current = null;
        for (var t = 0; t < ticks; t++)
        {
            if (deadlines.MissedAt[t] == 0) continue;
            if (current is { } open && t - open.End <= 2)
            {
                current = open with { End = t, Missed = open.Missed + deadlines.MissedAt[t], Worst = Math.Max(open.Worst, deadlines.WorstAt[t]) };
                continue;
            }
            if (current is { } done) episodes.Add(done);
            current = new Episode(t, t, deadlines.MissedAt[t], deadlines.WorstAt[t]);
        }
        if (current is { } last) episodes.Add(last);
        return episodes;
    }

    private readonly record struct Episode(int Start, int End, long Missed, long Worst);
}

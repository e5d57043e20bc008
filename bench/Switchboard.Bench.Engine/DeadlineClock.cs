namespace Switchboard.Bench.Engine;

/// <summary>
/// The shared schedule of the load run (frame n of every call is due at start + n × period) and the tally of frames
/// handled late: overall, as a histogram of lateness, and per tick (frame n of every call belongs to tick n), so the
/// report can tell misses clustered in time (a pause of the whole process) from misses spread over the run.
/// Thread-safe: every call's media loop reports into it.
/// </summary>
internal sealed class DeadlineClock(TimeProvider time, TimeSpan period, int ticks)
{
    /// <summary>Upper bounds of the lateness histogram's buckets, in ms (the last bucket is everything above).</summary>
    public static readonly double[] BucketBoundsMs = [1, 2, 5, 10, 20, 50, 100, 200];

    private readonly long[] _buckets = new long[BucketBoundsMs.Length + 1];
    private readonly int[] _missedAt = new int[ticks];
    private readonly long[] _worstAt = new long[ticks];
    private long _start;
    private long _handled;
    private long _missed;
    private long _worstTicks;

    public TimeSpan Period => period;

    public int TickCount => ticks;

    public long HandledFrames => Interlocked.Read(ref _handled);
    public long Missed => Interlocked.Read(ref _missed);
    public TimeSpan WorstLateness => TimeSpan.FromTicks(Interlocked.Read(ref _worstTicks));

    /// <summary>Frames per lateness bucket (see <see cref="BucketBoundsMs"/>). Read after the run.</summary>
    public IReadOnlyList<long> Buckets => _buckets;

    /// <summary>Frames of tick n handled late. Read after the run.</summary>
    public IReadOnlyList<int> MissedAt => _missedAt;

    /// <summary>Worst lateness of tick n's frames (TimeSpan ticks). Read after the run.</summary>
    public IReadOnlyList<long> WorstAt => _worstAt;

    public void Start() => Volatile.Write(ref _start, time.GetTimestamp());

    /// <summary>The timestamp <see cref="Start"/> took (<see cref="TimeProvider.GetTimestamp"/> units).</summary>
    public long StartTimestamp => Volatile.Read(ref _start);

    public TimeSpan Due(long frame) => period * frame;

    public TimeSpan Elapsed => time.GetElapsedTime(Volatile.Read(ref _start));

    /// <param name="frame">Index of the call's frame (each call's frame n is written at tick n).</param>
    public void Handled(long frame)
    {
        Interlocked.Increment(ref _handled);
        var late = Elapsed - Due(frame);
        if (late > period)
        {
            Interlocked.Increment(ref _missed);
            if (frame < _missedAt.Length) Interlocked.Increment(ref _missedAt[frame]);
        }
        var ms = late.TotalMilliseconds;
        var bucket = 0;
        while (bucket < BucketBoundsMs.Length && ms > BucketBoundsMs[bucket]) bucket++;
        Interlocked.Increment(ref _buckets[bucket]);
        Raise(ref _worstTicks, late.Ticks);
        if (frame < _worstAt.Length) Raise(ref _worstAt[frame], late.Ticks);
    }

    private static void Raise(ref long slot, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref slot)) && Interlocked.CompareExchange(ref slot, value, seen) != seen)
        {
        }
    }
}

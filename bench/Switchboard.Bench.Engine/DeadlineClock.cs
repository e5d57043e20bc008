namespace Switchboard.Bench.Engine;

/// <summary>
/// The shared schedule of the load run (frame n of every call is due at start + n × period) and the tally of frames
/// handled late. Thread-safe: every call's media loop reports into it.
/// </summary>
internal sealed class DeadlineClock(TimeProvider time, TimeSpan period)
{
    private long _start;
    private long _handled;
    private long _missed;
    private long _worstTicks;

    public TimeSpan Period => period;

    public long HandledFrames => Interlocked.Read(ref _handled);
    public long Missed => Interlocked.Read(ref _missed);
    public TimeSpan WorstLateness => TimeSpan.FromTicks(Interlocked.Read(ref _worstTicks));

    public void Start() => Volatile.Write(ref _start, time.GetTimestamp());

    public TimeSpan Due(long frame) => period * frame;

    public TimeSpan Elapsed => time.GetElapsedTime(Volatile.Read(ref _start));

    /// <param name="frame">Index of the call's frame (each call's frame n is written at tick n).</param>
    public void Handled(long frame)
    {
        Interlocked.Increment(ref _handled);
        var late = Elapsed - Due(frame);
        if (late > period) Interlocked.Increment(ref _missed);
        var ticks = late.Ticks;
        long seen;
        while (ticks > (seen = Interlocked.Read(ref _worstTicks)) && Interlocked.CompareExchange(ref _worstTicks, ticks, seen) != seen)
        {
        }
    }
}

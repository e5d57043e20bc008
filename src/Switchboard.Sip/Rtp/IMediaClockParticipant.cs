namespace Switchboard.Sip.Rtp;

/// <summary>Something the <see cref="MediaClock"/> drives once per tick (an RTP session's send step, then its receive step).</summary>
public interface IMediaClockParticipant
{
    /// <summary>
    /// Runs one tick. Called on the clock's loop, so it must not block or wait: take what is ready, else send silence.
    /// Exceptions are caught and counted by the clock.
    /// </summary>
    /// <param name="tick">Tick number since the clock started; jumps when ticks were missed, so timestamps stay on time.</param>
    /// <param name="elapsed">Clock time of this tick since the clock started (exactly <paramref name="tick"/> periods on a virtual clock).</param>
    void OnTick(long tick, TimeSpan elapsed);

    /// <summary>
    /// Runs once per tick after every participant's <see cref="OnTick"/>: work that must not delay other participants'
    /// sends (receive, decode). Same rules as <see cref="OnTick"/>; does nothing unless implemented.
    /// </summary>
    /// <param name="tick">The tick number passed to <see cref="OnTick"/>.</param>
    /// <param name="elapsed">The clock time passed to <see cref="OnTick"/>.</param>
    void AfterTick(long tick, TimeSpan elapsed)
    {
    }
}

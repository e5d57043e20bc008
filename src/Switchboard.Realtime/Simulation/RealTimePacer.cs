namespace Switchboard.Realtime.Simulation;

/// <summary>
/// Releases one frame per frame period of <see cref="TimeProvider"/> time, catching up after a late wake-up, so a
/// simulated caller sends audio at the rate a transport would.
/// </summary>
/// <remarks>Not thread-safe: one sender.</remarks>
public sealed class RealTimePacer(TimeProvider time, TimeSpan period)
{
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private long _start;
    private long _released;

    /// <summary>Waits until the next frame is due (the first is due at once).</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (_released++ == 0)
        {
            _start = _time.GetTimestamp();
            return;
        }
        var due = period * (_released - 1);
        var wait = due - _time.GetElapsedTime(_start);
        if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
    }
}

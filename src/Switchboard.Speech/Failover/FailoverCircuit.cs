using System.Net.WebSockets;

namespace Switchboard.Speech.Failover;

/// <summary>
/// Remembers that the primary failed, so that for the cooldown new requests go straight to the fallback instead of
/// paying the primary's timeout again on every turn of the call.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class FailoverCircuit
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _cooldown;
    private long _openUntilTicks;

    internal FailoverCircuit(TimeProvider time, TimeSpan cooldown)
    {
        _time = time;
        _cooldown = cooldown;
    }

    internal TimeSpan Cooldown => _cooldown;

    internal bool IsOpen => _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _openUntilTicks);

    internal void Trip() => Interlocked.Exchange(ref _openUntilTicks, (_time.GetUtcNow() + _cooldown).UtcTicks);

    /// <summary>
    /// Whether <paramref name="exception"/> is a provider failure the fallback may cure: a speech or provider error, a
    /// transport error, or a timeout, but not the caller's own cancellation nor a bad argument (which the fallback
    /// would reject too).
    /// </summary>
    internal static bool IsProviderFailure(Exception exception, CancellationToken caller) =>
        !caller.IsCancellationRequested
        && exception is SpeechException or HttpRequestException or WebSocketException or IOException or TimeoutException or OperationCanceledException;
}

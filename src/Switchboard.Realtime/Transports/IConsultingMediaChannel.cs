namespace Switchboard.Realtime.Transports;

/// <summary>
/// A transport that can place a second call while the caller waits, and join the two: what a warm transfer needs.
/// Implemented by the SIP channel when the server can dial out; other transports refuse warm transfers.
/// </summary>
/// <remarks>Thread-safety: as <see cref="IMediaChannel"/>; one consultation at a time.</remarks>
public interface IConsultingMediaChannel : IMediaChannel
{
    /// <summary>
    /// Puts the caller on hold (they hear a ringback tone and the engine receives no input) and calls
    /// <paramref name="target"/>. Returns the answered leg, or why it was not answered; on failure the caller is taken off
    /// hold before this returns. The caller hanging up ends the attempt (the result's failure says so).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> is null or blank.</exception>
    ValueTask<ConsultResult> ConsultAsync(string target, CancellationToken cancellationToken);
}

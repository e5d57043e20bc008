using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// The media stream of a warm transfer's second call, handed from the WebSocket request that accepted it to the
/// <see cref="TwilioConsultLeg"/> that uses it. The request lives until <see cref="Release"/>. Thread-safe.
/// </summary>
internal sealed class ConsultStream(TwilioMediaChannel channel)
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TwilioMediaChannel Channel => channel;

    /// <summary>Completes once the leg is done with the stream (the channel is disposed).</summary>
    public Task Released => _released.Task;

    /// <summary>Disposes the channel (closing the socket) and lets the WebSocket request end.</summary>
    public async ValueTask ReleaseAsync()
    {
        try
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _released.TrySetResult();
        }
    }
}

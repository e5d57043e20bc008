using System.Threading.Channels;
using Switchboard.Audio.Frames;
using Switchboard.Realtime.Transports;

namespace Switchboard.ControlPlane.WebCalls;

/// <summary>
/// Lends a browser channel to the call host. The host disposes what it was given as soon as the session ends, but the
/// call's last events (the final transcript line, <c>call_ended</c>) are still on their way to the page through the
/// event subscription; so disposing the lease only reports <see cref="Released"/>, and the stream endpoint closes the
/// real channel once those events are through.
/// </summary>
/// <remarks>Thread-safety as <see cref="IMediaChannel"/>; every member but <see cref="DisposeAsync"/> passes straight through.</remarks>
internal sealed class ChannelLease(IMediaChannel inner) : IMediaChannel
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the host is done with the channel.</summary>
    public Task Released => _released.Task;

    public int SampleRate => inner.SampleRate;

    public TimeSpan FrameDuration => inner.FrameDuration;

    public ChannelReader<MediaInput> Input => inner.Input;

    public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken) => inner.SendAudioAsync(frame, cancellationToken);

    public void ClearAudio() => inner.ClearAudio();

    public ValueTask SendDigitsAsync(string digits, CancellationToken cancellationToken) => inner.SendDigitsAsync(digits, cancellationToken);

    public ValueTask HangUpAsync(string reason, CancellationToken cancellationToken) => inner.HangUpAsync(reason, cancellationToken);

    public ValueTask<TransferOutcome> TransferAsync(string target, CancellationToken cancellationToken) => inner.TransferAsync(target, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        return ValueTask.CompletedTask;
    }
}

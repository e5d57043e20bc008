using System.Threading.Channels;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// Wakes the dispatcher when this node commits new deliveries, so the first attempt does not wait for the next
/// poll. Several notifications before the dispatcher looks collapse into one. Thread-safe.
/// </summary>
internal sealed class WebhookSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Returns when notified or after <paramref name="timeout"/> (on <paramref name="time"/>).</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _)) return;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, linked.Token);
        var signalled = _channel.Reader.WaitToReadAsync(linked.Token).AsTask();
        await Task.WhenAny(delay, signalled);
        await linked.CancelAsync();
        _channel.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }
}

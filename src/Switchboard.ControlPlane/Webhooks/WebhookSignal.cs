using System.Threading.Channels;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// This node's hand-off from committed work to the dispatcher. <see cref="Offer"/> queues the ids of deliveries a save
/// just committed for the first-attempt fast path; <see cref="Notify"/> wakes the round loop so the next round does not
/// wait for the poll. Both are bounded and never block the committing request: ids that do not fit are dropped and
/// the round loop is woken instead (it finds every due row in the database anyway). Thread-safe.
/// </summary>
internal sealed class WebhookSignal
{
    /// <summary>Ids waiting for the fast path; past this the round loop takes over.</summary>
    public const int FastQueueCapacity = 10_000;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    // Wait mode, written only with TryWrite: a full queue refuses the id (DropWrite would report it written).
    private readonly Channel<string> _fresh = Channel.CreateBounded<string>(
        new BoundedChannelOptions(FastQueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Off when the node runs no fast path: offered ids then only wake the round loop.</summary>
    public bool FastPathEnabled { get; set; } = true;

    /// <summary>Wakes the round loop. Several notifications before it looks collapse into one.</summary>
    public void Notify() => _wake.Writer.TryWrite(true);

    /// <summary>Hands newly committed delivery ids to the fast path (or, if it is off or full, wakes the round loop).</summary>
    public void Offer(IReadOnlyList<string> deliveryIds)
    {
        ArgumentNullException.ThrowIfNull(deliveryIds);
        if (!FastPathEnabled)
        {
            Notify();
            return;
        }
        foreach (var id in deliveryIds)
        {
            if (!_fresh.Writer.TryWrite(id))
            {
                Notify();
                return;
            }
        }
    }

    /// <summary>Moves up to <paramref name="max"/> queued ids into <paramref name="into"/> without waiting.</summary>
    public int TakeFresh(List<string> into, int max)
    {
        ArgumentNullException.ThrowIfNull(into);
        var taken = 0;
        while (taken < max && _fresh.Reader.TryRead(out var id))
        {
            into.Add(id);
            taken++;
        }
        return taken;
    }

    /// <summary>Completes when fresh ids are queued (false only if the queue is completed, which it never is).</summary>
    public ValueTask<bool> WaitForFreshAsync(CancellationToken cancellationToken) => _fresh.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Returns when notified or after <paramref name="timeout"/> (on <paramref name="time"/>).</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_wake.Reader.TryRead(out _)) return;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, linked.Token);
        var signalled = _wake.Reader.WaitToReadAsync(linked.Token).AsTask();
        await Task.WhenAny(delay, signalled);
        await linked.CancelAsync();
        _wake.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }
}

using System.Threading.Channels;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// This node's hand-off from committed work to the dispatcher. <see cref="Offer"/> queues deliveries a save just
/// committed for the first-attempt fast path; <see cref="Notify"/> wakes the round loop so the next round does not
/// wait for the poll. Both are bounded and never block the committing request: ids that do not fit are dropped and
/// the round loop is woken instead (it finds every due row in the database anyway). Thread-safe.
/// </summary>
/// <remarks>
/// The fast path has one lane per worker, and a channel always goes to the same lane: its deliveries then reach one
/// worker in commit order, so a worker never finds a channel's earlier delivery still in flight on another worker
/// (which would force it to leave the later one to the round loop).
/// </remarks>
internal sealed class WebhookSignal
{
    /// <summary>Ids waiting for the fast path, over all lanes; past this the round loop takes over.</summary>
    public const int FastQueueCapacity = 10_000;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    // Wait mode, written only with TryWrite: a full queue refuses the id (DropWrite would report it written).
    private readonly Channel<string>[] _lanes;

    public WebhookSignal(int lanes = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        var capacity = Math.Max(1, FastQueueCapacity / lanes);
        _lanes = new Channel<string>[lanes];
        for (var i = 0; i < lanes; i++)
        {
            _lanes[i] = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
        }
    }

    /// <summary>How many fast-path lanes there are (one per worker).</summary>
    public int Lanes => _lanes.Length;

    /// <summary>Off when the node runs no fast path: offered ids then only wake the round loop.</summary>
    public bool FastPathEnabled { get; set; } = true;

    /// <summary>Wakes the round loop. Several notifications before it looks collapse into one.</summary>
    public void Notify() => _wake.Writer.TryWrite(true);

    /// <summary>The lane <paramref name="channel"/>'s deliveries always take.</summary>
    public int LaneOf(string channel) => (int)((uint)StringComparer.Ordinal.GetHashCode(channel) % (uint)_lanes.Length);

    /// <summary>Hands newly committed deliveries to the fast path (or, if it is off or full, wakes the round loop).</summary>
    public void Offer(IReadOnlyList<WebhookFreshDelivery> deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        if (!FastPathEnabled)
        {
            Notify();
            return;
        }
        foreach (var delivery in deliveries)
        {
            if (!_lanes[LaneOf(delivery.Channel)].Writer.TryWrite(delivery.Id))
            {
                Notify();
                return;
            }
        }
    }

    /// <summary>Moves up to <paramref name="max"/> queued ids of one lane into <paramref name="into"/> without waiting.</summary>
    public int TakeFresh(int lane, List<string> into, int max)
    {
        ArgumentNullException.ThrowIfNull(into);
        var reader = _lanes[lane].Reader;
        var taken = 0;
        while (taken < max && reader.TryRead(out var id))
        {
            into.Add(id);
            taken++;
        }
        return taken;
    }

    /// <summary>Moves up to <paramref name="max"/> queued ids, lane after lane, into <paramref name="into"/>.</summary>
    public int TakeFresh(List<string> into, int max)
    {
        var taken = 0;
        for (var lane = 0; lane < _lanes.Length && taken < max; lane++) taken += TakeFresh(lane, into, max - taken);
        return taken;
    }

    /// <summary>Completes when ids are queued in <paramref name="lane"/> (false only if it is completed, which it never is).</summary>
    public ValueTask<bool> WaitForFreshAsync(int lane, CancellationToken cancellationToken) =>
        _lanes[lane].Reader.WaitToReadAsync(cancellationToken);

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

using System.Collections.Concurrent;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.Bench.Engine;

/// <summary>Keeps a call's <see cref="TurnLatency"/> events. Thread-safe.</summary>
internal sealed class LatencyObserver : ICallObserver
{
    public ConcurrentQueue<TurnLatency> Latencies { get; } = new();

    public ValueTask OnEventAsync(CallEvent callEvent, CancellationToken cancellationToken)
    {
        if (callEvent is TurnLatency latency) Latencies.Enqueue(latency);
        return ValueTask.CompletedTask;
    }
}

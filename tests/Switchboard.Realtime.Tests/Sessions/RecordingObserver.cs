using System.Collections.Concurrent;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.Realtime.Tests.Sessions;

internal sealed class RecordingObserver : ICallObserver
{
    public ConcurrentQueue<CallEvent> Events { get; } = new();

    public ValueTask OnEventAsync(CallEvent callEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(callEvent);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<T> Of<T>() where T : CallEvent => [.. Events.OfType<T>()];
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Switchboard.Bench.Api;

/// <summary>
/// Counts EF Core's diagnostic events (context creations, query compilations, commands and their time) while
/// enabled, without touching product code. Listening has a cost of its own, so it only runs in a separate,
/// unreported-for-the-goals wrk phase. Thread-safe: events arrive on request threads.
/// </summary>
internal sealed class EfCoreProbe : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ConcurrentDictionary<string, long> _events = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;
    private long _commandTicks;
    private volatile bool _enabled;

    public EfCoreProbe() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public TimeSpan CommandTime => TimeSpan.FromTicks(Interlocked.Read(ref _commandTicks));

    public IReadOnlyDictionary<string, long> Events => _events;

    public void Start()
    {
        _events.Clear();
        Interlocked.Exchange(ref _commandTicks, 0);
        _enabled = true;
    }

    public void Stop() => _enabled = false;

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions) _subscriptions.Add(value.Subscribe(this, _ => _enabled));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (!_enabled) return;
        _events.AddOrUpdate(value.Key, 1, static (_, n) => n + 1);
        if (value.Value is CommandExecutedEventData executed) Interlocked.Add(ref _commandTicks, executed.Duration.Ticks);
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            foreach (var s in _subscriptions) s.Dispose();
            _subscriptions.Clear();
        }
    }
}

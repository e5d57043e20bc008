using System.Collections.Concurrent;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>Monthly quota counters in this process (single-node deployments).</summary>
/// <remarks>
/// Thread-safe singleton. Counts are lost on restart — acceptable for the embedded single-node setup, where the
/// quota is a guard rail, not a billing record. Months older than the previous one are dropped whenever a new
/// month is first charged, so memory is bounded by the number of active keys (which are authenticated, unlike
/// client addresses).
/// </remarks>
internal sealed class InMemoryQuotaStore : IQuotaStore
{
    private readonly ConcurrentDictionary<(string KeyId, QuotaMonth Month), StrongBoxCounter> _counts = new();
    private readonly TimeProvider _timeProvider;
    private readonly Lock _monthGate = new();
    private QuotaMonth _newestMonth;

    /// <summary>Creates a store.</summary>
    /// <param name="timeProvider">Clock deciding which months are old enough to drop.</param>
    public InMemoryQuotaStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _newestMonth = QuotaMonth.Current(timeProvider);
    }

    /// <summary>Number of (key, month) counters held (for tests).</summary>
    internal int CounterCount => _counts.Count;

    /// <inheritdoc/>
    public ValueTask<long> IncrementAsync(string keyId, QuotaMonth month, CancellationToken cancellationToken)
    {
        Validate(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        DropOldMonths();
        var counter = _counts.GetOrAdd((keyId, month), static _ => new StrongBoxCounter());
        return ValueTask.FromResult(Interlocked.Increment(ref counter.Value));
    }

    /// <inheritdoc/>
    public ValueTask<long> GetAsync(string keyId, QuotaMonth month, CancellationToken cancellationToken)
    {
        Validate(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_counts.TryGetValue((keyId, month), out var counter) ? Interlocked.Read(ref counter.Value) : 0);
    }

    internal static void Validate(string keyId) =>
        RateLimitPartitions.Validate(RateLimitPartitions.ForApiKey(keyId));

    private void DropOldMonths()
    {
        var current = QuotaMonth.Current(_timeProvider);
        lock (_monthGate)
        {
            if (current == _newestMonth)
            {
                return;
            }

            _newestMonth = current;
        }

        var previous = QuotaMonth.Containing(current.StartUtc.AddDays(-1));
        foreach (var pair in _counts)
        {
            if (pair.Key.Month != current && pair.Key.Month != previous)
            {
                _counts.TryRemove(pair);
            }
        }
    }

    private sealed class StrongBoxCounter
    {
        public long Value;
    }
}

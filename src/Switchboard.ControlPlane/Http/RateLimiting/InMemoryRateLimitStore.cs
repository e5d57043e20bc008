using System.Collections.Concurrent;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// Rate-limit counters in this process: the default when no Redis connection is configured.
/// </summary>
/// <remarks>
/// Thread-safe; register as a singleton. Buckets are keyed by policy name and partition key, so two rules must
/// not share a name. Memory is bounded: a partition whose bucket has refilled holds no
/// information and is dropped by a periodic sweep, and when more than <see cref="MaxPartitions"/> partitions are
/// live (a flood of distinct client addresses) the ones closest to refilling are evicted first. Evicting a live
/// partition forgets part of its usage, which errs on the permissive side for the evicted client only; the
/// alternative, refusing new partitions, would let a flood lock out every new legitimate client.
/// </remarks>
internal sealed class InMemoryRateLimitStore : IRateLimitStore
{
    /// <summary>Default cap on live partitions (~100 bytes each).</summary>
    public const int DefaultMaxPartitions = 100_000;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Policy, string Partition), Bucket> _buckets = new();
    private readonly TimeProvider _timeProvider;
    private readonly long _startTimestamp;
    private long _nextSweepAt;
    private int _sweeping;

    // Kept alongside the dictionary: ConcurrentDictionary.Count takes every internal lock, too dear on each request.
    private int _count;

    /// <summary>Creates a store.</summary>
    /// <param name="timeProvider">Clock; its monotonic timestamp is used, so wall-clock jumps do not disturb limits.</param>
    /// <param name="maxPartitions">Cap on live partitions; at least 16.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPartitions"/> is below 16.</exception>
    public InMemoryRateLimitStore(TimeProvider timeProvider, int maxPartitions = DefaultMaxPartitions)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartitions, 16);
        _timeProvider = timeProvider;
        MaxPartitions = maxPartitions;
        _startTimestamp = timeProvider.GetTimestamp();
        _nextSweepAt = SweepInterval.Ticks / TimeSpan.TicksPerMicrosecond;
    }

    /// <summary>Cap on live partitions.</summary>
    public int MaxPartitions { get; }

    /// <summary>Partitions currently held (for tests and diagnostics).</summary>
    internal int PartitionCount => _buckets.Count;

    /// <inheritdoc/>
    public ValueTask<RateLimitDecision> AcquireAsync(RateLimitRule rule, string partitionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        RateLimitPartitions.Validate(partitionKey);
        cancellationToken.ThrowIfCancellationRequested();

        long now = NowMicroseconds();
        var key = (rule.Name, partitionKey);
        RateLimitDecision decision;
        while (true)
        {
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                var created = new Bucket();
                bucket = _buckets.GetOrAdd(key, created);
                if (ReferenceEquals(bucket, created)) Interlocked.Increment(ref _count);
            }
            lock (bucket)
            {
                // A sweep may have removed this bucket between lookup and lock; counting into an orphan
                // would lose the request, so look it up again.
                if (bucket.Removed)
                {
                    continue;
                }

                var (allowed, newTat, backlog) = Gcra.TryAcquire(bucket.Tat, now, rule);
                bucket.Tat = newTat;
                decision = Gcra.ToDecision(rule, allowed, backlog);
                break;
            }
        }

        MaybeSweep(now);
        return ValueTask.FromResult(decision);
    }

    private long NowMicroseconds() =>
        _timeProvider.GetElapsedTime(_startTimestamp).Ticks / TimeSpan.TicksPerMicrosecond;

    private void MaybeSweep(long now)
    {
        bool overCap = Volatile.Read(ref _count) > MaxPartitions;
        if (!overCap && now < Volatile.Read(ref _nextSweepAt))
        {
            return;
        }

        // One sweeper at a time; other callers carry on instead of queueing behind an O(n) pass.
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return;
        }

        try
        {
            Volatile.Write(ref _nextSweepAt, now + (SweepInterval.Ticks / TimeSpan.TicksPerMicrosecond));
            Sweep(now);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private void Sweep(long now)
    {
        foreach (var pair in _buckets)
        {
            if (pair.Value.Tat <= now)
            {
                TryEvict(pair, now, force: false);
            }
        }

        if (_buckets.Count <= MaxPartitions)
        {
            return;
        }

        // Still over the cap with live buckets: drop down to 90 % so that the O(n) pass is amortised over many
        // inserts, evicting the buckets that would refill soonest (least usage forgotten).
        int target = MaxPartitions - (MaxPartitions / 10);
        int excess = _buckets.Count - target;
        if (excess <= 0)
        {
            return;
        }

        var snapshot = _buckets.ToArray();
        var tats = new long[snapshot.Length];
        for (int i = 0; i < snapshot.Length; i++)
        {
            tats[i] = snapshot[i].Value.Tat;
        }

        Array.Sort(tats, snapshot);
        for (int i = 0; i < snapshot.Length && excess > 0; i++)
        {
            if (TryEvict(snapshot[i], now, force: true))
            {
                excess--;
            }
        }
    }

    private bool TryEvict(KeyValuePair<(string Policy, string Partition), Bucket> pair, long now, bool force)
    {
        var bucket = pair.Value;
        lock (bucket)
        {
            if (bucket.Removed || (!force && bucket.Tat > now))
            {
                return false;
            }

            bucket.Removed = true;
            if (!_buckets.TryRemove(pair))
            {
                return false;
            }

            Interlocked.Decrement(ref _count);
            return true;
        }
    }

    private sealed class Bucket
    {
        public long Tat;
        public bool Removed;
    }
}

using System.Collections.Concurrent;
using System.Net;
using Switchboard.Sip.Auth;

namespace Switchboard.Sip.Security;

/// <summary>
/// Per-source-IP request rate limit for the SIP endpoint. A source that sends more than the configured
/// number of requests in one interval is blocked: its requests are dropped without an answer (answering a
/// flood would amplify it) until it has been quiet for the block duration.
/// </summary>
/// <remarks>Thread-safe; one instance per SIP endpoint. Memory is bounded by <see cref="SipFloodGuardOptions.MaxTrackedSources"/>.</remarks>
public sealed class SipFloodGuard
{
    private readonly SipFloodGuardOptions _options;
    private readonly TimeProvider _time;
    private readonly IpAllowList _allow;
    private readonly ConcurrentDictionary<IPAddress, Source> _sources = new();

    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="FormatException">An allow-list entry is not an address or CIDR range.</exception>
    public SipFloodGuard(SipFloodGuardOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _allow = new IpAllowList(options.AllowList);
    }

    /// <summary>Sources currently tracked (for metrics and tests).</summary>
    public int TrackedSources => _sources.Count;

    /// <summary>Counts one request from <paramref name="source"/> and says whether to process it.</summary>
    public bool TryAdmit(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsIPv4MappedToIPv6) source = source.MapToIPv4();
        if (_allow.Contains(source)) return true;

        var now = _time.GetTimestamp();
        if (_sources.Count >= _options.MaxTrackedSources && !_sources.ContainsKey(source)) Evict(now);
        var entry = _sources.GetOrAdd(source, static (_, t) => new Source(t), now);
        lock (entry)
        {
            entry.LastSeen = now;
            if (entry.BlockedUntil > now)
            {
                // Traffic while blocked keeps the block going: a flood that never pauses never gets through.
                entry.BlockedUntil = now + Ticks(_options.BlockDuration);
                return false;
            }
            if (now - entry.WindowStart >= Ticks(_options.Interval))
            {
                entry.WindowStart = now;
                entry.Count = 0;
            }
            entry.Count++;
            if (entry.Count <= _options.MaxRequestsPerInterval) return true;
            entry.BlockedUntil = now + Ticks(_options.BlockDuration);
            return false;
        }
    }

    /// <summary>Whether <paramref name="source"/> is blocked right now (without counting a request).</summary>
    public bool IsBlocked(IPAddress source)
    {
        if (source.IsIPv4MappedToIPv6) source = source.MapToIPv4();
        return _sources.TryGetValue(source, out var entry) && Volatile.Read(ref entry.BlockedUntil) > _time.GetTimestamp();
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Forgets quiet, unblocked sources first; if the table is still full, the least recently seen half.</summary>
    private void Evict(long now)
    {
        var quiet = Ticks(_options.Interval);
        foreach (var (ip, s) in _sources)
        {
            if (s.BlockedUntil <= now && now - s.LastSeen >= quiet) _sources.TryRemove(ip, out _);
        }
        if (_sources.Count < _options.MaxTrackedSources) return;
        var oldest = _sources.OrderBy(p => p.Value.LastSeen).Take(_sources.Count / 2).Select(p => p.Key).ToList();
        foreach (var ip in oldest) _sources.TryRemove(ip, out _);
    }

    private sealed class Source(long now)
    {
        public long WindowStart = now;
        public long LastSeen = now;
        public long BlockedUntil;
        public int Count;
    }
}

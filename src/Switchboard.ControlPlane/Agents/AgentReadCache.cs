using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Switchboard.ControlPlane.Agents;

/// <summary>
/// The serialized responses of <c>GET /api/v1/agents/{id}</c>, by organization and agent, so a hit writes stored
/// bytes with no database round trip and no JSON work.
/// <para>
/// Consistency: every write of an agent on this node drops its entry synchronously (<see cref="AgentCacheInvalidator"/>,
/// around <c>SaveChanges</c>), before the write's response is sent. Other nodes hear of it through PostgreSQL
/// LISTEN/NOTIFY (<see cref="AgentChangeListener"/>); while that listener is not connected the cache is suspended
/// (no hits, no fills) and it is cleared whenever it reconnects, because notifications may have been missed. On
/// SQLite only one process uses a database file, so local invalidation is complete.
/// </para>
/// <para>
/// A read that missed fills the cache only if no invalidation happened anywhere since it started its query
/// (a global generation number), checked again after the fill, so a slow read of the old row can never put it
/// back after a write dropped it. Thread-safe. Bounded by <see cref="AgentCacheOptions"/>; eviction is arbitrary.
/// </para>
/// </summary>
internal sealed class AgentReadCache
{
    private readonly ConcurrentDictionary<AgentCacheKey, AgentCacheEntry> _entries = new();
    private readonly AgentCacheOptions _options;
    private long _generation;
    private int _count;
    private long _bytes;
    private volatile bool _active;

    /// <param name="active">False for a database shared by several nodes: the cache is off until
    /// <see cref="Resume"/> says change notifications are being received.</param>
    public AgentReadCache(IOptions<AgentCacheOptions> options, bool active)
    {
        _options = options.Value;
        _active = active && _options.Enabled;
    }

    /// <summary>Raised after an agent's entry was dropped on a write or a notification (tests wait on it).</summary>
    internal event Action<AgentCacheKey>? Invalidated;

    /// <summary>Raised after the cache was cleared (listener reconnect, suspension).</summary>
    internal event Action? Cleared;

    public bool IsActive => _active;
    public int Count => Volatile.Read(ref _count);
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Taken before the database read whose result may be passed to <see cref="Add"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string organizationId, string agentId, int? version, out byte[] json)
    {
        if (_active && _entries.TryGetValue(new AgentCacheKey(organizationId, agentId), out var entry)
            && entry.TryGet(version ?? 0, out json))
        {
            return true;
        }
        json = null!;
        return false;
    }

    /// <summary>Stores a response read from the database after <paramref name="generation"/> was taken.</summary>
    public void Add(long generation, string organizationId, string agentId, int? version, byte[] json)
    {
        if (!_active || json.Length > _options.MaxBytes / 16 || Generation != generation) return;
        var key = new AgentCacheKey(organizationId, agentId);
        if (!_entries.TryGetValue(key, out var entry))
        {
            var created = new AgentCacheEntry();
            if (_entries.TryAdd(key, created))
            {
                Interlocked.Increment(ref _count);
                entry = created;
            }
            else if (!_entries.TryGetValue(key, out entry))
            {
                return;
            }
        }
        Interlocked.Add(ref _bytes, entry.TryAdd(version ?? 0, json));
        // An invalidation that raced with this fill may have run before the entry existed: undo the fill.
        if (Generation != generation || !_active)
        {
            Remove(key, entry);
            return;
        }
        if (Count > _options.MaxEntries || Bytes > _options.MaxBytes) Evict(key);
    }

    /// <summary>Drops an agent's entry; called after every write that changes what GET returns.</summary>
    public void Invalidate(AgentCacheKey key)
    {
        Interlocked.Increment(ref _generation);
        if (_entries.TryGetValue(key, out var entry)) Remove(key, entry);
        Invalidated?.Invoke(key);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        foreach (var (key, entry) in _entries) Remove(key, entry);
        Cleared?.Invoke();
    }

    /// <summary>Stops serving and filling (change notifications are not being received) and clears.</summary>
    public void Suspend()
    {
        _active = false;
        Clear();
    }

    /// <summary>Clears (changes may have been missed) and serves again; call once notifications flow.</summary>
    public void Resume()
    {
        Clear();
        _active = _options.Enabled;
    }

    private void Remove(AgentCacheKey key, AgentCacheEntry entry)
    {
        if (!_entries.TryRemove(new KeyValuePair<AgentCacheKey, AgentCacheEntry>(key, entry))) return;
        Interlocked.Decrement(ref _count);
        Interlocked.Add(ref _bytes, -entry.MarkRemoved());
    }

    private void Evict(AgentCacheKey keep)
    {
        foreach (var (key, entry) in _entries)
        {
            if (Count <= _options.MaxEntries && Bytes <= _options.MaxBytes) return;
            if (key != keep) Remove(key, entry);
        }
    }
}

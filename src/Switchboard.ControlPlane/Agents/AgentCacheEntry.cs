namespace Switchboard.ControlPlane.Agents;

/// <summary>
/// The cached responses of one agent: the newest version (slot 0) and any pinned versions asked for. All of them
/// depend on the agent row (published version, updated_at), so a change to the agent drops the whole entry.
/// Thread-safe through one small lock; once removed from the cache an entry accepts nothing more, so the byte
/// count of the cache never includes bytes of an entry it no longer holds.
/// </summary>
internal sealed class AgentCacheEntry
{
    /// <summary>Pinned versions kept per agent besides the newest; a client walking every version gets no more.</summary>
    public const int MaxSlots = 8;

    private readonly Lock _lock = new();
    private readonly Dictionary<int, byte[]> _slots = new(2);
    private bool _removed;

    public long Bytes { get; private set; }

    public bool TryGet(int slot, out byte[] json)
    {
        lock (_lock) return _slots.TryGetValue(slot, out json!);
    }

    /// <returns>The bytes added to this entry (0 when it was full, removed or already held the slot).</returns>
    public int TryAdd(int slot, byte[] json)
    {
        lock (_lock)
        {
            if (_removed || _slots.Count >= MaxSlots || !_slots.TryAdd(slot, json)) return 0;
            Bytes += json.Length;
            return json.Length;
        }
    }

    /// <returns>The bytes this entry held, now released.</returns>
    public long MarkRemoved()
    {
        lock (_lock)
        {
            if (_removed) return 0;
            _removed = true;
            return Bytes;
        }
    }
}

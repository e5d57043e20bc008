namespace Switchboard.Sip.Auth;

/// <summary>
/// Highest nonce-count seen per nonce, in a bounded LRU map whose entries vanish when their nonce expires.
/// Eviction would let an old nc be replayed, so nonces issued no later than the newest evicted one are
/// answered with <see cref="NonceCountResult.Forgotten"/> instead of being trusted afresh. Thread-safe (one lock;
/// every operation is O(1) amortised).
/// </summary>
internal sealed class NonceCountTracker
{
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _lru = new();
    private readonly Lock _lock = new();
    private DateTimeOffset _evictedWatermark = DateTimeOffset.MinValue;

    public NonceCountTracker(int capacity) => _capacity = capacity;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _map.Count;
            }
        }
    }

    public NonceCountResult Register(string nonce, uint nonceCount, DateTimeOffset issuedAt, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        lock (_lock)
        {
            PruneExpired(now);
            if (_map.TryGetValue(nonce, out LinkedListNode<Entry>? node))
            {
                if (nonceCount <= node.Value.HighestCount)
                {
                    return NonceCountResult.Replayed;
                }

                node.Value.HighestCount = nonceCount;
                _lru.Remove(node);
                _lru.AddFirst(node);
                return NonceCountResult.Accepted;
            }

            if (issuedAt <= _evictedWatermark)
            {
                return NonceCountResult.Forgotten;
            }

            if (_map.Count >= _capacity)
            {
                LinkedListNode<Entry> oldest = _lru.Last!;
                _lru.RemoveLast();
                _map.Remove(oldest.Value.Nonce);
                if (oldest.Value.IssuedAt > _evictedWatermark)
                {
                    _evictedWatermark = oldest.Value.IssuedAt;
                }
            }

            var entry = new Entry(nonce, issuedAt, expiresAt) { HighestCount = nonceCount };
            _map[nonce] = _lru.AddFirst(entry);
            return NonceCountResult.Accepted;
        }
    }

    private void PruneExpired(DateTimeOffset now)
    {
        // Expired entries are harmless (their nonce is rejected as stale first) but cost memory; drop the idle
        // ones from the cold end. Entries in the middle go when they reach it or when capacity forces them out.
        while (_lru.Last is { } last && last.Value.ExpiresAt < now)
        {
            _lru.RemoveLast();
            _map.Remove(last.Value.Nonce);
        }
    }

    private sealed class Entry(string nonce, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        public string Nonce { get; } = nonce;

        public DateTimeOffset IssuedAt { get; } = issuedAt;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public uint HighestCount { get; set; }
    }
}

using System.Collections.Concurrent;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>
/// Recently verified keys by hash, so a busy client does not cost a database query per request. Entries live
/// 10 seconds; this node drops a key's entries at once when it is revoked or rotated here, and other nodes
/// within the lifetime. Expiry and grace periods are still checked on every request against the clock.
/// Unknown keys are never cached: a guess must not displace real keys, and guessing is throttled per IP.
/// </summary>
internal sealed class ApiKeyCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (StoredKey Key, DateTimeOffset CachedAt)> _byHash = new(StringComparer.Ordinal);

    /// <param name="hash">The base64 hash, as a span so a hit allocates nothing.</param>
    public bool TryGet(ReadOnlySpan<char> hash, out StoredKey key)
    {
        if (_byHash.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(hash, out var entry) && time.GetUtcNow() - entry.CachedAt < Lifetime)
        {
            key = entry.Key;
            return true;
        }
        key = null!;
        return false;
    }

    public void Add(string hash, StoredKey key)
    {
        // A crude bound is enough: real deployments have far fewer live keys than this.
        if (_byHash.Count >= MaxEntries) _byHash.Clear();
        _byHash[hash] = (key, time.GetUtcNow());
    }

    public void Invalidate(string keyId)
    {
        foreach (var (hash, entry) in _byHash)
        {
            if (entry.Key.Id == keyId) _byHash.TryRemove(hash, out _);
        }
    }
}

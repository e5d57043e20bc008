namespace Switchboard.Sip.Auth;

/// <summary>Verdict of <see cref="NonceCountTracker"/> on one (nonce, nc) pair.</summary>
internal enum NonceCountResult
{
    /// <summary>nc is higher than any seen for this nonce.</summary>
    Accepted,

    /// <summary>nc was already used (or is lower): a replay.</summary>
    Replayed,

    /// <summary>The nonce's history was evicted; the client must fetch a fresh nonce (stale=true).</summary>
    Forgotten,
}

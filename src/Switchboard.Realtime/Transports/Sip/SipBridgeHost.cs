using System.Collections.Concurrent;

namespace Switchboard.Realtime.Transports.Sip;

/// <summary>
/// Keeps the joined calls of finished transfers running after their agent sessions have ended, and ends them all when
/// the server stops. One per SIP gateway.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class SipBridgeHost : IAsyncDisposable
{
    private readonly ConcurrentDictionary<SipBridge, Task> _active = new();
    private int _disposed;

    /// <summary>Joined calls still running.</summary>
    public int Count => _active.Count;

    /// <summary>Takes ownership of <paramref name="bridge"/> until it ends.</summary>
    /// <returns>False when the host is shutting down: the bridge stays the caller's to dispose.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bridge"/> is null.</exception>
    public bool Adopt(SipBridge bridge)
    {
        ArgumentNullException.ThrowIfNull(bridge);
        if (Volatile.Read(ref _disposed) != 0) return false;
        _active[bridge] = ForgetWhenDoneAsync(bridge);
        // A shutdown that started between the check and the add has already swept the dictionary: undo.
        if (Volatile.Read(ref _disposed) != 0 && _active.TryRemove(bridge, out _)) return false;
        return true;
    }

    /// <summary>Ends every joined call (both sides hung up) and waits for them. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var bridge in _active.Keys) await bridge.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_active.Values).ConfigureAwait(false);
    }

    private async Task ForgetWhenDoneAsync(SipBridge bridge)
    {
        await bridge.Completion.ConfigureAwait(false);
        _active.TryRemove(bridge, out _);
    }
}

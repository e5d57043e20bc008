namespace Switchboard.Speech.Failover;

/// <summary>
/// The caller's text pieces, enumerated once but readable by two consumers in turn: first the primary (while
/// recording what it took), then — after a failure before any audio — the fallback, which gets the recorded pieces
/// again followed by the rest. A piece the primary was still waiting for when it was abandoned is not lost: its
/// pending read is taken over by the next consumer.
/// </summary>
/// <remarks>Not thread-safe: one consumer at a time. Owns the underlying enumerator.</remarks>
internal sealed class SharedTextSource : IAsyncDisposable
{
    private readonly IAsyncEnumerator<string> _source;
    private readonly List<string> _recorded = [];
    private Task<bool>? _pending;
    private bool _recording = true;

    internal SharedTextSource(IAsyncEnumerable<string> pieces, CancellationToken cancellationToken) =>
        _source = pieces.GetAsyncEnumerator(cancellationToken);

    /// <summary>Stops recording (the primary produced audio, so nothing will be replayed).</summary>
    internal void StopRecording()
    {
        _recording = false;
        _recorded.Clear();
    }

    /// <summary>The primary's view: pieces as they arrive.</summary>
    internal async IAsyncEnumerable<string> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await NextAsync(cancellationToken) is { } piece)
        {
            yield return piece;
        }
    }

    /// <summary>The fallback's view: what the primary took, then the rest.</summary>
    internal async IAsyncEnumerable<string> ReplayAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _recording = false;
        string[] taken = [.. _recorded];
        _recorded.Clear();
        foreach (string piece in taken)
        {
            yield return piece;
        }

        while (await NextAsync(cancellationToken) is { } piece)
        {
            yield return piece;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_pending is { IsCompleted: false })
        {
            // An abandoned read is still waiting for the producer; an async iterator cannot be disposed under a
            // pending MoveNextAsync. It completes (or is cancelled) with the caller's token and is then collected.
            return;
        }

        await _source.DisposeAsync();
    }

    private async Task<string?> NextAsync(CancellationToken cancellationToken)
    {
        _pending ??= _source.MoveNextAsync().AsTask();
        bool has = await _pending.WaitAsync(cancellationToken);
        _pending = null;
        if (!has)
        {
            return null;
        }

        string piece = _source.Current ?? string.Empty;
        if (_recording)
        {
            _recorded.Add(piece);
        }

        return piece;
    }
}

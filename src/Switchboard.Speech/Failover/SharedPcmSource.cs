namespace Switchboard.Speech.Failover;

/// <summary>
/// The caller's PCM chunks, enumerated once but readable by two consumers in turn: first the primary (while a copy of
/// what it took is kept, up to a limit), then — after a failure before any result — the fallback, which gets the
/// kept audio as one chunk followed by the rest.
/// </summary>
/// <remarks>
/// A read is not abandoned when the primary is cancelled: media frames arrive every few tens of milliseconds, so
/// the read completes (and the chunk is kept) before the primary notices its cancellation; the fallback's view waits
/// for such a read before replaying. This keeps the media path free of per-frame allocations (no
/// <c>Task.WaitAsync</c>). Owns the underlying enumerator. The kept copy grows by doubling.
/// </remarks>
internal sealed class SharedPcmSource : IReplaySource, IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IAsyncEnumerator<ReadOnlyMemory<short>> _source;
    private readonly int _maxSamples;
    private short[]? _recorded = new short[16000];
    private int _count;
    private bool _recording = true;
    private bool _reading;

    internal SharedPcmSource(IAsyncEnumerable<ReadOnlyMemory<short>> audio, int maxSamples, CancellationToken cancellationToken)
    {
        _source = audio.GetAsyncEnumerator(cancellationToken);
        _maxSamples = maxSamples;
    }

    public bool CanReplay => _recorded is not null;

    public void StopRecording()
    {
        _recording = false;
        _recorded = null;
    }

    /// <summary>The primary's view: chunks as they arrive (the producer's buffers, valid until the next read).</summary>
    internal async IAsyncEnumerable<ReadOnlyMemory<short>> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await NextAsync(cancellationToken))
        {
            yield return _source.Current;
        }
    }

    /// <summary>The fallback's view: the kept audio, then the rest.</summary>
    /// <exception cref="InvalidOperationException">The kept audio was dropped.</exception>
    internal async IAsyncEnumerable<ReadOnlyMemory<short>> ReplayAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Let a read the primary left in flight finish, so its chunk is among the kept ones.
        await _gate.WaitAsync(cancellationToken);
        _gate.Release();
        short[] kept = _recorded ?? throw new InvalidOperationException("The audio read so far was not kept.");
        _recording = false;
        _recorded = null;
        if (_count > 0)
        {
            yield return kept.AsMemory(0, _count);
        }

        while (await NextAsync(cancellationToken))
        {
            yield return _source.Current;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Volatile.Read(ref _reading))
        {
            await _source.DisposeAsync();
        }

        _gate.Dispose();
    }

    public void Dispose() => _gate.Dispose();

    private async ValueTask<bool> NextAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            Volatile.Write(ref _reading, true);
            bool has = await _source.MoveNextAsync();
            if (has && _recording && _recorded is not null)
            {
                Keep(_source.Current.Span);
            }

            return has;
        }
        finally
        {
            Volatile.Write(ref _reading, false);
            _gate.Release();
        }
    }

    private void Keep(ReadOnlySpan<short> samples)
    {
        if (_count + samples.Length > _maxSamples)
        {
            _recorded = null;
            return;
        }

        if (_count + samples.Length > _recorded!.Length)
        {
            Array.Resize(ref _recorded, Math.Min(_maxSamples, Math.Max(_recorded.Length * 2, _count + samples.Length)));
        }

        samples.CopyTo(_recorded.AsSpan(_count));
        _count += samples.Length;
    }
}

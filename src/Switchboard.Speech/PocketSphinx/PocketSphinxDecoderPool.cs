using System.Collections.Concurrent;

namespace Switchboard.Speech.PocketSphinx;

/// <summary>
/// A fixed set of warm decoders, all created up front (loading the model takes a noticeable fraction of a second
/// per decoder, far too long to do when a caller starts speaking). Renting waits while all are in use, so the
/// number of decoders, and their memory, is bounded.
/// </summary>
/// <remarks>Thread-safe. A returned decoder is reset; one that fails to reset is replaced by a fresh one.</remarks>
internal sealed class PocketSphinxDecoderPool : IDisposable
{
    private readonly ConcurrentQueue<PocketSphinxDecoder> _idle = new();
    private readonly SemaphoreSlim _available;
    private readonly string _modelDirectory;
    private readonly double _keywordThreshold;
    private readonly int _postSpeechFrames;
    private int _disposed;

    internal PocketSphinxDecoderPool(int size, string modelDirectory, double keywordThreshold, int postSpeechFrames = PocketSphinxDecoder.DefaultPostSpeechFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _modelDirectory = modelDirectory;
        _keywordThreshold = keywordThreshold;
        _postSpeechFrames = postSpeechFrames;
        try
        {
            for (int i = 0; i < size; i++)
            {
                _idle.Enqueue(PocketSphinxDecoder.Create(modelDirectory, keywordThreshold, postSpeechFrames));
            }
        }
        catch
        {
            while (_idle.TryDequeue(out var created))
            {
                created.Dispose();
            }

            throw;
        }

        Size = size;
        _available = new SemaphoreSlim(size, size);
    }

    internal int Size { get; }

    internal int IdleCount => _idle.Count;

    /// <summary>Waits for an idle decoder.</summary>
    internal async ValueTask<PocketSphinxDecoder> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _available.WaitAsync(cancellationToken);
        if (_idle.TryDequeue(out var decoder))
        {
            return decoder;
        }

        _available.Release();
        throw new InvalidOperationException("Decoder pool is inconsistent: a permit was granted with no idle decoder.");
    }

    /// <summary>Resets <paramref name="decoder"/> and makes it available again.</summary>
    internal void Return(PocketSphinxDecoder decoder)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            decoder.Dispose();
            return;
        }

        try
        {
            decoder.Reset();
        }
        catch (SpeechException)
        {
            decoder.Dispose();
            try
            {
                decoder = PocketSphinxDecoder.Create(_modelDirectory, _keywordThreshold, _postSpeechFrames);
            }
            catch (SpeechException)
            {
                // The permit is not released: the pool stays consistent, one decoder smaller.
                return;
            }
        }

        _idle.Enqueue(decoder);
        _available.Release();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        while (_idle.TryDequeue(out var decoder))
        {
            decoder.Dispose();
        }

        _available.Dispose();
    }
}

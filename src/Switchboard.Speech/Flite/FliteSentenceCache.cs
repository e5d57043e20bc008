namespace Switchboard.Speech.Flite;

/// <summary>
/// The audio of sentences already spoken, per voice, up to a byte budget, least recently used first out. Greetings,
/// flow prompts and IVR menus are the same sentences on every call: with 200 calls arriving at 20 per second, flite
/// spoke the same greeting 20 times a second and every caller's first reply queued behind it (engine load benchmark).
/// A sentence being synthesised is shared too, so a burst of calls starts one synthesis per distinct sentence.
/// </summary>
/// <remarks>Thread-safe. Cached sample arrays are shared by every caller and must not be modified.</remarks>
internal sealed class FliteSentenceCache(long capacityBytes)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(FliteVoice Voice, string Text), Entry> _entries = [];
    private readonly LinkedList<Entry> _recent = new(); // completed entries, most recently used first
    private long _bytes;

    /// <summary>Bytes of audio held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock) return _bytes;
        }
    }

    /// <summary>Sentences held or being synthesised.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <summary>
    /// The samples of <paramref name="text"/> in <paramref name="voice"/>: from the cache, from a synthesis already
    /// running for it, or from <paramref name="synthesize"/>. A caller that cancels does not cancel the others waiting
    /// for the same sentence: they start their own synthesis.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<short[]> GetAsync(FliteVoice voice, string text, Func<CancellationToken, Task<short[]>> synthesize, CancellationToken cancellationToken)
    {
        if (capacityBytes <= 0) return await synthesize(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var entry = Find(voice, text, synthesize, cancellationToken);
            try
            {
                return await entry.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The caller whose synthesis this was cancelled it; ours still stands (RunAsync removed the entry).
            }
        }
    }

    private Entry Find(FliteVoice voice, string text, Func<CancellationToken, Task<short[]>> synthesize, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_lock)
        {
            if (_entries.TryGetValue((voice, text), out var found))
            {
                if (found.Node.List is not null)
                {
                    _recent.Remove(found.Node);
                    _recent.AddFirst(found.Node);
                }
                return found;
            }
            entry = new Entry((voice, text));
            _entries[entry.Key] = entry;
        }
        _ = RunAsync(entry, synthesize, cancellationToken);
        return entry;
    }

    private async Task RunAsync(Entry entry, Func<CancellationToken, Task<short[]>> synthesize, CancellationToken cancellationToken)
    {
        short[] samples;
        try
        {
            samples = await synthesize(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            // Out of the table before anyone sees the outcome, so a waiter that retries starts afresh.
            Forget(entry);
            entry.Result.TrySetCanceled(e.CancellationToken);
            return;
        }
        catch (Exception e)
        {
            Forget(entry);
            entry.Result.TrySetException(e);
            return;
        }
        Keep(entry, samples.Length * 2L);
        entry.Result.TrySetResult(samples);
    }

    private void Forget(Entry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry)) _entries.Remove(entry.Key);
        }
    }

    private void Keep(Entry entry, long size)
    {
        // A sentence larger than an eighth of the budget is not kept.
        if (size > capacityBytes / 8)
        {
            Forget(entry);
            return;
        }
        lock (_lock)
        {
            entry.Bytes = size;
            _bytes += size;
            _recent.AddFirst(entry.Node);
            while (_bytes > capacityBytes && _recent.Last is { } oldest)
            {
                _recent.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Bytes;
            }
        }
    }

    private sealed class Entry
    {
        public Entry((FliteVoice, string) key)
        {
            Key = key;
            Node = new LinkedListNode<Entry>(this);
        }

        public (FliteVoice Voice, string Text) Key { get; }

        public LinkedListNode<Entry> Node { get; }

        public TaskCompletionSource<short[]> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Bytes { get; set; }
    }
}

using System.Collections.Concurrent;

namespace Switchboard.Speech.Flite;

/// <summary>
/// Runs the flite syntheses of one voice on dedicated worker threads, each with its own voice instance
/// (<see cref="FliteEngine.CreateInstance"/>), fed by a bounded queue.
/// </summary>
/// <remarks>
/// <para>flite synthesis is CPU-bound native code that takes tens of milliseconds per sentence. Run on thread-pool
/// threads, a burst of sentences (every call greeting at once) parks pool threads the media loops need, and a single
/// shared voice made flite one sentence at a time for the whole process. Here at most <see cref="WorkerCount"/> run at
/// once (one per core by default), never on the thread pool; callers wait for queue space and for their result
/// asynchronously, so no caller thread is ever blocked.</para>
/// <para>The workers run at a lower scheduling priority (nice 10 on Linux, <see cref="WorkerThreadPriority"/>): when
/// the machine is busy, a call's next audio frame matters more than the next sentence, and flite still gets every
/// cycle the media loops leave.</para>
/// <para>A worker never completes a caller's task or frees queue room itself: both queue the waiting callers'
/// continuations to the thread pool, and a thread-pool thread (or the pool's gate thread) started from there would
/// inherit the worker's nice value on Linux, so the media loops themselves would end up at flite's priority. One
/// completion thread at normal priority does both instead.</para>
/// <para>Thread-safe. A request cancelled while queued is dropped without being synthesised. Pools for the two voices
/// live for the process (<see cref="For"/>); pools made directly (tests) are stopped with <see cref="Dispose"/>.</para>
/// </remarks>
internal sealed class FliteSynthesisPool : IDisposable
{
    /// <summary>Sentences that may wait per voice before callers wait for room.</summary>
    internal const int DefaultCapacity = 256;

    /// <summary>Nice value of the worker threads (Linux).</summary>
    internal const int WorkerNice = 10;

    private static readonly Lazy<FliteSynthesisPool> SltPool = new(() => CreateFor(FliteVoice.Slt));
    private static readonly Lazy<FliteSynthesisPool> KalPool = new(() => CreateFor(FliteVoice.Kal));

    private readonly ConcurrentQueue<Job> _queue = new();
    private readonly SemaphoreSlim _items = new(0);
    private readonly SemaphoreSlim _space;
    private readonly ConcurrentQueue<Job?> _finished = new();
    private readonly SemaphoreSlim _finishedItems = new(0);
    private int _running;
    private int _busy;
    private int _peakBusy;
    private int _disposed;

    /// <summary>Starts one dedicated thread per entry of <paramref name="workers"/>, each calling only its own function.</summary>
    internal FliteSynthesisPool(string name, int capacity, IReadOnlyList<Func<string, short[]>> workers, int nice = WorkerNice)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfZero(workers.Count);
        _space = new SemaphoreSlim(capacity, capacity);
        WorkerCount = workers.Count;
        _running = workers.Count;
        new Thread(Complete) { IsBackground = true, Name = $"{name}-done" }.Start();
        for (int i = 0; i < workers.Count; i++)
        {
            Func<string, short[]> synthesize = workers[i];
            new Thread(() =>
            {
                _ = WorkerThreadPriority.TryLowerCurrent(nice);
                Work(synthesize);
            })
            { IsBackground = true, Name = $"{name}-{i}" }.Start();
        }
    }

    /// <summary>Number of worker threads (syntheses that can run at once).</summary>
    internal int WorkerCount { get; }

    /// <summary>Test hook: runs on the thread that completes a caller's task, just before it does.</summary>
    internal Action? Completing { get; set; }

    /// <summary>Most syntheses that were in progress at the same time so far.</summary>
    internal int PeakConcurrency => Volatile.Read(ref _peakBusy);

    /// <summary>The process-wide pool of <paramref name="voice"/>, started on first use.</summary>
    /// <exception cref="SpeechNativeLibraryException">flite is not installed.</exception>
    internal static FliteSynthesisPool For(FliteVoice voice) => voice == FliteVoice.Kal ? KalPool.Value : SltPool.Value;

    /// <summary>Queues <paramref name="text"/> and returns its samples once a worker has synthesised it.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="SpeechException">flite failed.</exception>
    internal async Task<short[]> SynthesizeAsync(string text, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _space.WaitAsync(cancellationToken).ConfigureAwait(false);
        var job = new Job(text, cancellationToken);
        _queue.Enqueue(job);
        _items.Release();
        return await job.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lets the workers finish what is queued and stop.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _items.Release(WorkerCount);
        }
    }

    private static FliteSynthesisPool CreateFor(FliteVoice voice)
    {
        int count = Math.Clamp(Environment.ProcessorCount, 1, 8);
        var workers = new List<Func<string, short[]>>();
        for (int i = 0; i < count; i++)
        {
            if (FliteEngine.CreateInstance(voice) is not { } instance)
            {
                break;
            }

            workers.Add(text => FliteEngine.SynthesizeOn(instance, text, voice, out _));
        }

        if (workers.Count == 0)
        {
            // No independent instances in this flite build: one worker on the shared, locked voice.
            workers.Add(text => FliteEngine.Synthesize(text, voice, out _));
        }

        return new FliteSynthesisPool($"flite-{FliteTextToSpeechClient.ToVoiceId(voice)}", DefaultCapacity, workers);
    }

    private void Work(Func<string, short[]> synthesize)
    {
        while (true)
        {
            _items.Wait();
            if (!_queue.TryDequeue(out var job))
            {
                // Only Dispose releases the semaphore without queueing. The last worker out stops the completion
                // thread, after everything the workers handed it.
                if (Interlocked.Decrement(ref _running) == 0)
                {
                    _finishedItems.Release();
                }

                return;
            }

            Hand(null); // room in the queue
            if (job.Token.IsCancellationRequested)
            {
                job.Cancelled = true;
                Hand(job);
                continue;
            }

            int busy = Interlocked.Increment(ref _busy);
            for (int peak = Volatile.Read(ref _peakBusy); busy > peak; peak = Volatile.Read(ref _peakBusy))
            {
                if (Interlocked.CompareExchange(ref _peakBusy, busy, peak) == peak)
                {
                    break;
                }
            }

            try
            {
                job.Samples = synthesize(job.Text);
            }
            catch (Exception e)
            {
                job.Error = e;
            }
            finally
            {
                Interlocked.Decrement(ref _busy);
            }

            Hand(job);
        }
    }

    /// <summary>Passes a finished job (or, for null, one slot of queue room) to the completion thread.</summary>
    private void Hand(Job? job)
    {
        _finished.Enqueue(job);
        _finishedItems.Release(); // wakes a thread blocked in Wait: nothing is queued to the thread pool
    }

    private void Complete()
    {
        while (true)
        {
            _finishedItems.Wait();
            if (!_finished.TryDequeue(out var job))
            {
                return;
            }

            if (job is null)
            {
                _space.Release();
                continue;
            }

            Completing?.Invoke();
            if (job.Cancelled)
            {
                job.Result.TrySetCanceled(job.Token);
            }
            else if (job.Error is { } error)
            {
                job.Result.TrySetException(error);
            }
            else
            {
                job.Result.TrySetResult(job.Samples ?? []);
            }
        }
    }

    private sealed record Job(string Text, CancellationToken Token)
    {
        public TaskCompletionSource<short[]> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Written by the worker, read by the completion thread after the queue hand-over (which orders them).
        public short[]? Samples { get; set; }

        public Exception? Error { get; set; }

        public bool Cancelled { get; set; }
    }
}

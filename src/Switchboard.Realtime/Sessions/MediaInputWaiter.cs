using System.Runtime.CompilerServices;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;
using Switchboard.Realtime.Transports;

namespace Switchboard.Realtime.Sessions;

/// <summary>
/// The media loop's wait for the next caller input, cancellable without allocating per wait. A channel can reuse its
/// waiter only for a wait that cannot be cancelled; <c>WaitToReadAsync(token)</c> allocates a waiter (and registers on
/// the token) every time it suspends, i.e. once per 20 ms frame per call (measured in the engine load benchmark). Here the
/// channel is always waited on without a token, and the call's token is registered once for the whole loop: cancelling
/// it ends the pending wait with <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>One waiter per media loop; <see cref="WaitAsync"/> is called again only after the previous wait has
/// completed (not thread-safe beyond that). The continuation runs where the channel completes the inner wait (a
/// thread-pool thread, or inline for a channel that allows synchronous continuations): no extra hop. A cancelled wait ends
/// on a thread-pool thread.</remarks>
internal sealed class MediaInputWaiter : IValueTaskSource<bool>, IDisposable
{
    private readonly ChannelReader<MediaInput> _reader;
    private readonly CancellationToken _cancellationToken;
    private readonly Action _innerCompleted;
    private readonly CancellationTokenRegistration _registration;
    private ManualResetValueTaskSourceCore<bool> _core;
    private ConfiguredValueTaskAwaitable<bool>.ConfiguredValueTaskAwaiter _inner;
    // 1 while a suspended wait is outstanding; whoever swaps it to 0 (input or cancellation) completes the wait.
    private int _pending;

    public MediaInputWaiter(ChannelReader<MediaInput> reader, CancellationToken cancellationToken)
    {
        _reader = reader;
        _cancellationToken = cancellationToken;
        _innerCompleted = OnInnerCompleted;
        _core.RunContinuationsAsynchronously = false;
        _registration = cancellationToken.UnsafeRegister(static state => ((MediaInputWaiter)state!).OnCancelled(), this);
    }

    /// <summary>As <see cref="ChannelReader{T}.WaitToReadAsync"/>: true when input can be read, false when the input has ended.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (before or during the wait).</exception>
    public ValueTask<bool> WaitAsync()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var inner = _reader.WaitToReadAsync(CancellationToken.None);
        if (inner.IsCompleted) return inner;
        _core.Reset();
        _inner = inner.ConfigureAwait(false).GetAwaiter();
        Volatile.Write(ref _pending, 1);
        _inner.UnsafeOnCompleted(_innerCompleted);
        // Cancelled between the check above and _pending being set: the registration found nothing to end.
        if (_cancellationToken.IsCancellationRequested) OnCancelled();
        return new ValueTask<bool>(this, _core.Version);
    }

    public void Dispose() => _registration.Dispose();

    bool IValueTaskSource<bool>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void OnInnerCompleted()
    {
        if (Interlocked.Exchange(ref _pending, 0) == 0)
        {
            // The wait was cancelled first; still take the inner result so the channel can reuse its waiter.
            try
            {
                _inner.GetResult();
            }
#pragma warning disable CA1031 // nobody awaits this result any more; whatever it was must not escape onto a pool thread
            catch (Exception)
            {
            }
#pragma warning restore CA1031
            return;
        }
        bool result;
        try
        {
            result = _inner.GetResult();
        }
        catch (Exception e)
        {
            _core.SetException(e);
            return;
        }
        _core.SetResult(result);
    }

    private void OnCancelled()
    {
        if (Interlocked.Exchange(ref _pending, 0) == 0) return;
        // Not inline: the media loop would otherwise run its teardown on whatever thread cancelled (a host stopping
        // calls, a timer), as it never did when the channel's own cancellable wait queued its continuation.
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.EndCancelled(), this, preferLocal: false);
    }

    private void EndCancelled() => _core.SetException(new OperationCanceledException(_cancellationToken));
}

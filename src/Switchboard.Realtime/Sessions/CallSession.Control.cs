using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Sessions;

// Live control from outside the call (the live call API): end the call, make the agent say something, add context.
// Requests are queued and taken by the media loop on its next frame, so they land between frames like any other input.
public sealed partial class CallSession
{
    /// <summary>A transport that stops delivering frames must not keep an ended call alive: after this, end by cancellation.</summary>
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(2);

    private readonly ConcurrentQueue<EngineCommand> _injected = new();
    private string? _requestedEnd;
    private ITimer? _endTimer;

    /// <summary>True when the agent's engine can take injected context (LLM agents).</summary>
    public bool AcceptsContext => _engine is IAcceptsInjection;

    /// <summary>
    /// Ends the call from our side with <paramref name="reason"/> (the transport is hung up). Takes effect on the next
    /// caller frame, or after a short grace when the transport has stopped sending. Only the first request counts.
    /// Thread-safe.
    /// </summary>
    public void RequestEnd(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (Interlocked.CompareExchange(ref _requestedEnd, reason, null) is not null) return;
        var timer = _time.CreateTimer(static state => ((CallSession)state!).CancelAfterGrace(), this, EndGrace, Timeout.InfiniteTimeSpan);
        if (Interlocked.CompareExchange(ref _endTimer, timer, null) is not null) timer.Dispose();
    }

    /// <summary>Makes the agent say <paramref name="text"/> as soon as it is not already speaking or preparing an answer. Thread-safe.</summary>
    public void RequestSay(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        _injected.Enqueue(new EngineCommand(EngineCommandKind.Say, 0, Text: text));
    }

    /// <summary>Adds context the model sees from its next answer on. False when the agent's engine keeps no model context (flows, IVR menus). Thread-safe.</summary>
    public bool RequestContext(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!AcceptsContext) return false;
        _injected.Enqueue(new EngineCommand(EngineCommandKind.Context, 0, Text: text));
        return true;
    }

    /// <summary>Called by the media loop once per frame.</summary>
    private void TakeControlRequests()
    {
        if (Volatile.Read(ref _requestedEnd) is { } reason)
        {
            _endReason ??= reason;
            return;
        }
        while (_injected.TryPeek(out var command))
        {
            if (command.Kind == EngineCommandKind.Context)
            {
                _injected.TryDequeue(out _);
                IssueCommand(command);
                continue;
            }
            // A line to say waits for the agent to be idle, so it never talks over its own answer.
            if (_activeResponseId != 0) return;
            _injected.TryDequeue(out _);
            IssueCommand(command with { ResponseId = NextResponse() });
        }
    }

    private void CancelAfterGrace()
    {
        try
        {
            _callCts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended and was disposed meanwhile.
        }
    }

    private static async IAsyncEnumerable<ResponseEvent> SayOnly(string text)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return new TextDelta(text);
    }
}

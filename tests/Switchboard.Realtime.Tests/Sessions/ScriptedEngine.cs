using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Tests.Sessions;

/// <summary>A response engine driven by the test: fixed opening, and a reply function per caller turn. Records every call.</summary>
internal sealed class ScriptedEngine(string? opening, Func<UserTurn, IReadOnlyList<ResponseEvent>> reply) : IResponseEngine
{
    public ConcurrentQueue<UserTurn> Turns { get; } = new();
    public ConcurrentQueue<(string Text, bool Interrupted)> HeardLog { get; } = new();
    public ConcurrentQueue<int> NoInputs { get; } = new();
    public int Cancelled;

    public IReadOnlyList<string> ExpectedPhrases { get; } = [];

    /// <summary>When set, the opening waits for it: an engine slow to produce its first words.</summary>
    public Task? OpeningGate { get; init; }

    /// <summary>The opening's events when more than a greeting is needed (a node entered, ...); wins over the text.</summary>
    public IReadOnlyList<ResponseEvent>? Opening { get; init; }

    public IAsyncEnumerable<ResponseEvent> StartAsync(CancellationToken cancellationToken) =>
        Play(Opening ?? (opening is null ? [] : [new TextDelta(opening)]), cancellationToken, OpeningGate);

    public IAsyncEnumerable<ResponseEvent> RespondAsync(UserTurn turn, CancellationToken cancellationToken)
    {
        Turns.Enqueue(turn);
        return Play(reply(turn), cancellationToken);
    }

    public IAsyncEnumerable<ResponseEvent> NoInputAsync(int count, CancellationToken cancellationToken)
    {
        NoInputs.Enqueue(count);
        return Play([new TextDelta("Are you still there?")], cancellationToken);
    }

    public void Heard(string heardText, bool interrupted) => HeardLog.Enqueue((heardText, interrupted));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async IAsyncEnumerable<ResponseEvent> Play(IReadOnlyList<ResponseEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken, Task? gate = null)
    {
        if (gate is not null) await gate.WaitAsync(cancellationToken);
        foreach (var item in events)
        {
            if (cancellationToken.IsCancellationRequested) Interlocked.Increment(ref Cancelled);
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return item;
        }
    }
}

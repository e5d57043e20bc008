using System.Runtime.CompilerServices;
using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Bench.Engine;

/// <summary>
/// A fast in-process response engine: a fixed greeting and a reply per turn (fixed, or made by <paramref name="replyFor"/>
/// from the turn's number), yielded synchronously so it adds as little as possible to what is measured; the time it
/// does take is charged to <see cref="ProviderClock"/>.
/// </summary>
internal sealed class BenchEngine(string greeting, string reply, ProviderClock? clock = null, Func<int, string>? replyFor = null) : IResponseEngine
{
    private int _turns;

    public IReadOnlyList<string> ExpectedPhrases { get; } = [];

    public int Interruptions;

    public IAsyncEnumerable<ResponseEvent> StartAsync(CancellationToken cancellationToken) => Speak(greeting, cancellationToken);

    public IAsyncEnumerable<ResponseEvent> RespondAsync(UserTurn turn, CancellationToken cancellationToken)
    {
        var turnNumber = Interlocked.Increment(ref _turns);
        clock?.BeginTurn(turnNumber);
        return Speak(replyFor?.Invoke(turnNumber) ?? reply, cancellationToken);
    }

    public IAsyncEnumerable<ResponseEvent> NoInputAsync(int count, CancellationToken cancellationToken) => Speak(reply, cancellationToken);

    public void Heard(string heardText, bool interrupted)
    {
        if (interrupted) Interlocked.Increment(ref Interruptions);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async IAsyncEnumerable<ResponseEvent> Speak(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        if (text.Length == 0) yield break;
        cancellationToken.ThrowIfCancellationRequested();
        var delta = new TextDelta(text);
        clock?.Add(TimeProvider.System.GetElapsedTime(started));
        yield return delta;
        await Task.CompletedTask.ConfigureAwait(false);
    }
}

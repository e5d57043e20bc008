using Switchboard.Speech.Failover;

namespace Switchboard.Speech.Tests.Failover;

public sealed class SharedTextSourceTests
{
    [Fact]
    public async Task A_read_abandoned_by_the_primary_is_handed_to_the_fallback_after_the_replayed_pieces()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async IAsyncEnumerable<string> Llm()
        {
            yield return "One. ";
            await gate.Task;
            yield return "Two.";
        }

        await using var source = new SharedTextSource(Llm(), CancellationToken.None);
        using var primaryStop = new CancellationTokenSource();
        var primary = source.ReadAsync(primaryStop.Token).GetAsyncEnumerator(primaryStop.Token);
        Assert.True(await primary.MoveNextAsync());
        Assert.Equal("One. ", primary.Current);
        var waiting = primary.MoveNextAsync().AsTask();
        await primaryStop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await primary.DisposeAsync();

        gate.SetResult();
        var fallback = new List<string>();
        await foreach (string piece in source.ReplayAsync())
        {
            fallback.Add(piece);
        }

        Assert.Equal(["One. ", "Two."], fallback);
    }
}

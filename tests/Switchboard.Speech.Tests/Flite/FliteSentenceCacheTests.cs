using Switchboard.Speech.Flite;

namespace Switchboard.Speech.Tests.Flite;

public sealed class FliteSentenceCacheTests
{
    [Fact]
    public async Task A_sentence_is_synthesised_once_for_a_burst_of_callers_and_then_served_from_the_cache()
    {
        var cache = new FliteSentenceCache(1 << 20);
        var calls = 0;
        var gate = new TaskCompletionSource<short[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<short[]> Synthesize(CancellationToken token)
        {
            Interlocked.Increment(ref calls);
            return gate.Task;
        }

        var burst = Enumerable.Range(0, 20).Select(_ => cache.GetAsync(FliteVoice.Slt, "Hello.", Synthesize, CancellationToken.None)).ToArray();
        Assert.All(burst, t => Assert.False(t.IsCompleted));
        short[] audio = [1, 2, 3];
        gate.SetResult(audio);
        var results = await Task.WhenAll(burst);
        Assert.All(results, r => Assert.Same(audio, r));

        Assert.Same(audio, await cache.GetAsync(FliteVoice.Slt, "Hello.", Synthesize, CancellationToken.None));
        Assert.Equal(1, calls);
        Assert.Equal(6, cache.Bytes);

        // Another voice is another sentence.
        await cache.GetAsync(FliteVoice.Kal, "Hello.", _ => Task.FromResult<short[]>([9]), CancellationToken.None);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task The_least_recently_used_sentences_leave_first_when_the_budget_is_exceeded()
    {
        var cache = new FliteSentenceCache(800); // sentences up to 100 bytes are kept
        var synthesised = new List<string>();
        Task<short[]> For(string text) => cache.GetAsync(FliteVoice.Slt, text, _ =>
        {
            synthesised.Add(text);
            return Task.FromResult(new short[50]); // 100 bytes
        }, CancellationToken.None);

        for (var i = 0; i < 8; i++) await For($"s{i}");
        await For("s0"); // s0 is now the most recent, s1 the oldest
        await For("s8"); // over budget: s1 leaves
        Assert.Equal(800, cache.Bytes);
        synthesised.Clear();
        await For("s0");
        await For("s2");
        Assert.Empty(synthesised);
        await For("s1");
        Assert.Equal(["s1"], synthesised);

        // A sentence over an eighth of the budget is served but not kept.
        var big = await cache.GetAsync(FliteVoice.Slt, "long", _ => Task.FromResult(new short[51]), CancellationToken.None);
        Assert.Equal(51, big.Length);
        Assert.Equal(800, cache.Bytes);
    }

    [Fact]
    public async Task A_caller_that_cancels_does_not_cancel_another_waiting_for_the_same_sentence()
    {
        var cache = new FliteSentenceCache(1 << 20);
        var attempts = System.Threading.Channels.Channel.CreateUnbounded<TaskCompletionSource<short[]>>();
        Task<short[]> Synthesize(CancellationToken token)
        {
            var attempt = new TaskCompletionSource<short[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            token.Register(() => attempt.TrySetCanceled(token));
            attempts.Writer.TryWrite(attempt);
            return attempt.Task;
        }

        using var first = new CancellationTokenSource();
        var cancelled = cache.GetAsync(FliteVoice.Slt, "Hi.", Synthesize, first.Token);
        var other = cache.GetAsync(FliteVoice.Slt, "Hi.", Synthesize, CancellationToken.None);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await attempts.Reader.ReadAsync(bound.Token); // the first caller's synthesis, shared by both
        first.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        // The other caller started its own synthesis, which completes normally.
        var second = await attempts.Reader.ReadAsync(bound.Token);
        second.SetResult([7]);
        Assert.Equal([7], await other);
    }

    [Fact]
    public async Task A_failed_synthesis_reaches_its_callers_and_is_not_kept()
    {
        var cache = new FliteSentenceCache(1 << 20);
        await Assert.ThrowsAsync<SpeechException>(() => cache.GetAsync(FliteVoice.Slt, "x", _ => Task.FromException<short[]>(new SpeechException("flite failed")), CancellationToken.None));
        Assert.Equal(0, cache.Count);
        Assert.Equal([4], await cache.GetAsync(FliteVoice.Slt, "x", _ => Task.FromResult<short[]>([4]), CancellationToken.None));
    }

    [Fact]
    public async Task With_no_budget_every_request_is_synthesised()
    {
        var cache = new FliteSentenceCache(0);
        var calls = 0;
        for (var i = 0; i < 3; i++) await cache.GetAsync(FliteVoice.Slt, "x", _ => Task.FromResult<short[]>([(short)Interlocked.Increment(ref calls)]), CancellationToken.None);
        Assert.Equal(3, calls);
        Assert.Equal(0, cache.Count);
    }
}

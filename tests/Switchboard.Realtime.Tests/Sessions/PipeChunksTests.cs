using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Switchboard.Realtime.Sessions;

namespace Switchboard.Realtime.Tests.Sessions;

public sealed class PipeChunksTests
{
    [Fact]
    public async Task Frames_of_any_size_come_out_as_whole_chunks_in_order_with_the_rest_at_the_end()
    {
        var pipe = new Pipe();
        var samples = Enumerable.Range(0, 2_500).Select(i => (short)(i - 1_000)).ToArray();
        // 20 ms frames at 16 kHz and one odd-sized frame, as a caller's audio arrives.
        for (var offset = 0; offset < samples.Length; offset += 333)
        {
            await pipe.Writer.WriteAsync(MemoryMarshal.AsBytes(samples.AsSpan(offset, Math.Min(333, samples.Length - offset))).ToArray());
        }
        await pipe.Writer.CompleteAsync();

        var sizes = new List<int>();
        var received = new List<short>();
        await foreach (var chunk in PipeChunks.ReadAsync(pipe.Reader, 1_000, CancellationToken.None))
        {
            sizes.Add(chunk.Length);
            received.AddRange(chunk.ToArray());
        }

        Assert.Equal([1_000, 1_000, 500], sizes);
        Assert.Equal(samples, received);
    }

    [Fact]
    public async Task A_chunk_waits_until_it_is_full_and_stopping_early_completes_the_reader()
    {
        var pipe = new Pipe();
        await using var chunks = PipeChunks.ReadAsync(pipe.Reader, 100, CancellationToken.None).GetAsyncEnumerator();
        await pipe.Writer.WriteAsync(new byte[120]);
        // 60 samples are already in the pipe when the read starts and nothing else is written: the read is pending at
        // once, deterministically, if it wants a whole chunk.
        var next = chunks.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);

        await pipe.Writer.WriteAsync(new byte[80]);
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(100, chunks.Current.Length);

        // A recognizer that stops early completes the reader: the writer (the media loop) hears of it.
        await chunks.DisposeAsync();
        var flush = await pipe.Writer.WriteAsync(new byte[2]);
        Assert.True(flush.IsCompleted);
    }

    [Fact]
    public async Task Cancelling_stops_a_read_that_waits_for_audio()
    {
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource();
        await using var chunks = PipeChunks.ReadAsync(pipe.Reader, 100, cts.Token).GetAsyncEnumerator();
        var next = chunks.MoveNextAsync().AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}

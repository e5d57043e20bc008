using Switchboard.Realtime.Sessions;

namespace Switchboard.Realtime.Tests.Sessions;

public sealed class RecognitionMemoryPoolTests
{
    [Fact]
    public void A_returned_segment_is_reused_once_even_if_disposed_twice()
    {
        var pool = new RecognitionMemoryPool();
        var first = pool.Rent(640);
        Assert.Equal(RecognitionMemoryPool.SegmentSize, first.Memory.Length);
        first.Memory.Span[0] = 42;
        first.Dispose();
        first.Dispose();
        Assert.Throws<ObjectDisposedException>(() => first.Memory);

        var again = pool.Rent();
        var fresh = pool.Rent(); // the double dispose did not queue the segment twice
        Assert.Same(first, again);
        Assert.NotSame(again, fresh);
        Assert.Equal(42, again.Memory.Span[0]);
    }

    [Fact]
    public void A_request_above_the_segment_size_is_refused()
    {
        var pool = new RecognitionMemoryPool();
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(RecognitionMemoryPool.SegmentSize + 1));
    }
}

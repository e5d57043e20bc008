using Microsoft.Extensions.Time.Testing;
using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

/// <summary>The per-allocator pool of session buffers: reuse, zeroing, single return, and return on every session end.</summary>
public sealed class RtpSessionMemoryPoolTests
{
    [Fact]
    public void A_returned_block_is_reused_zeroed_and_cannot_be_returned_twice()
    {
        var pool = new RtpSessionMemoryPool(maxBlocks: 4);
        RtpSessionMemory first = pool.Rent();
        Assert.Equal(4, pool.Created);
        first.Previous.Span.Fill(0x55);
        first.JitterStorage.Span.Fill(0x66);
        pool.Return(first);
        Assert.Throws<InvalidOperationException>(() => pool.Return(first));

        RtpSessionMemory again = pool.Rent();
        Assert.Same(first, again);
        Assert.True(again.Previous.Span.IndexOfAnyExcept((byte)0) < 0, "the last call's concealment history leaked into the next call");
        Assert.True(again.JitterStorage.Span.IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void Blocks_never_overlap_and_slabs_stop_at_the_port_range()
    {
        var pool = new RtpSessionMemoryPool(maxBlocks: RtpSessionMemoryPool.BlocksPerSlab + 3);
        var blocks = new List<RtpSessionMemory>();
        for (int i = 0; i < RtpSessionMemoryPool.BlocksPerSlab + 3; i++)
        {
            blocks.Add(pool.Rent());
        }

        // One full slab, then a second one sized to what the range has left.
        Assert.Equal(RtpSessionMemoryPool.BlocksPerSlab + 3, pool.Created);
        Assert.Equal(0, pool.Free);
        for (int i = 0; i < blocks.Count; i++)
        {
            blocks[i].RtcpReceive.Span.Fill((byte)(i + 1));
            blocks[i].JitterStorage.Span.Fill((byte)(i + 1));
        }

        for (int i = 0; i < blocks.Count; i++)
        {
            Assert.True(blocks[i].RtcpReceive.Span.IndexOfAnyExcept((byte)(i + 1)) < 0, $"block {i} was overwritten by another");
            Assert.True(blocks[i].JitterStorage.Span.IndexOfAnyExcept((byte)(i + 1)) < 0, $"block {i} was overwritten by another");
        }
    }

    [Fact]
    public async Task Every_session_gives_its_block_back_when_disposed_and_the_next_session_reuses_it()
    {
        RtpPortAllocator allocator = RtpSessionPair.NewAllocator(4);
        var time = new FakeTimeProvider();
        await using var clock = new MediaClock(TimeSpan.FromMilliseconds(20), time);
        for (int call = 0; call < 10; call++)
        {
            var session = new RtpSession(RtpSessionPair.Audio(40000), allocator.Allocate(), clock, timeProvider: time);
            Assert.Equal(0, allocator.SessionMemory.Free - (allocator.SessionMemory.Created - 1));
            await session.DisposeAsync();
            await session.DisposeAsync();
            Assert.Equal(allocator.SessionMemory.Created, allocator.SessionMemory.Free);
        }

        Assert.Equal(4, allocator.SessionMemory.Created);
    }

    [Fact]
    public async Task A_session_whose_constructor_fails_after_taking_a_block_gives_it_back()
    {
        RtpPortAllocator allocator = RtpSessionPair.NewAllocator(2);
        var time = new FakeTimeProvider();
        await using var clock = new MediaClock(TimeSpan.FromMilliseconds(20), time);
        RtpPortLease lease = allocator.Allocate();

        // Jitter buffer options are checked by the jitter buffer, after the session has taken its block.
        var options = new RtpSessionOptions { JitterBuffer = new Switchboard.Audio.Jitter.JitterBufferOptions { Capacity = 48 } };
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpSession(RtpSessionPair.Audio(40000), lease, clock, options, time));
        Assert.True(lease.IsDisposed);
        Assert.Equal(0, allocator.InUse);
        Assert.True(allocator.SessionMemory.Created > 0, "the session never took a block, so the test shows nothing");
        Assert.Equal(allocator.SessionMemory.Created, allocator.SessionMemory.Free);
    }
}

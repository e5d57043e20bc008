using Switchboard.Realtime.Transports.Browser;

namespace Switchboard.Realtime.Tests.Transports.Browser;

public sealed class InboundAudioBufferTests
{
    [Fact]
    public void A_sample_split_across_writes_is_joined()
    {
        var buffer = new InboundAudioBuffer(8);
        buffer.Write([0x34]);
        Assert.Equal(0, buffer.Count);
        buffer.Write([0x12, 0xFF, 0xFF, 0x01]);
        Assert.Equal(2, buffer.Count);
        var frame = new short[2];
        Assert.True(buffer.TryRead(frame));
        Assert.Equal(new short[] { 0x1234, -1 }, frame);
        buffer.Write([0x80]);
        Assert.True(buffer.TryRead(frame.AsSpan(0, 1)));
        Assert.Equal(unchecked((short)0x8001), frame[0]);
    }

    [Fact]
    public void A_partial_frame_waits_and_overflow_drops_the_oldest_audio()
    {
        var buffer = new InboundAudioBuffer(4);
        buffer.Write(BrowserClient.Pcm([1, 2, 3]));
        var frame = new short[4];
        Assert.False(buffer.TryRead(frame));
        buffer.Write(BrowserClient.Pcm([4, 5, 6]));
        Assert.Equal(2, buffer.Dropped);
        Assert.True(buffer.TryRead(frame));
        Assert.Equal(new short[] { 3, 4, 5, 6 }, frame);
        Assert.Equal(0, buffer.Count);
        // Wrapping around the ring keeps the order.
        buffer.Write(BrowserClient.Pcm([7, 8, 9]));
        Assert.True(buffer.TryRead(frame.AsSpan(0, 3)));
        Assert.Equal(new short[] { 7, 8, 9 }, frame[..3]);
    }
}

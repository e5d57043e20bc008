using Switchboard.Audio.Frames;

namespace Switchboard.Audio.Tests.Frames;

public sealed class FramerTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Random_chunks_come_out_as_contiguous_fixed_frames()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var framer = new Framer(8000, 20, clock, startTimestamp: 1000);
        var random = new Random(42);
        var input = new short[20_000];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (short)i;
        }

        var output = new List<short>();
        long expectedTimestamp = 1000;
        int offset = 0;
        while (offset < input.Length)
        {
            int chunk = Math.Min(random.Next(0, 500), input.Length - offset);
            ReadOnlySpan<short> span = input.AsSpan(offset, chunk);
            offset += chunk;
            clock.Now = clock.Now.AddMilliseconds(7);
            while (framer.TryGetFrame(ref span, out AudioFrame frame))
            {
                using (frame)
                {
                    Assert.Equal(160, frame.Length);
                    Assert.Equal(8000, frame.SampleRate);
                    Assert.Equal(expectedTimestamp, frame.Timestamp);
                    Assert.Equal(clock.Now, frame.WallClock);
                    expectedTimestamp += 160;
                    output.AddRange(frame.Samples.ToArray());
                }
            }

            Assert.True(span.IsEmpty);
            Assert.True(framer.PendingSamples < 160);
        }

        Assert.Equal(input.Length / 160 * 160, output.Count);
        Assert.Equal(input.Length % 160, framer.PendingSamples);
        Assert.Equal(input.AsSpan(0, output.Count).ToArray(), output.ToArray());
    }

    [Fact]
    public void Framing_allocates_nothing_in_steady_state()
    {
        var framer = new Framer(16000, 20, TimeProvider.System);
        var chunk = new short[250];
        int frames = 0;
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 500; i++)
            {
                ReadOnlySpan<short> span = chunk;
                while (framer.TryGetFrame(ref span, out AudioFrame frame))
                {
                    frames++;
                    frame.Dispose();
                }
            }

            // The first round warms pools and JIT; the second must not allocate.
            if (round == 1)
            {
                Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
            }
        }

        Assert.Equal(2 * 500 * 250 / 320, frames);
    }

    [Fact]
    public void Flush_pads_the_remainder_with_silence()
    {
        var framer = new Framer(16000, 10, TimeProvider.System);
        ReadOnlySpan<short> input = [5, 6, 7];
        Assert.False(framer.TryGetFrame(ref input, out _));
        Assert.True(framer.TryFlush(out AudioFrame frame));
        using (frame)
        {
            Assert.Equal(160, frame.Length);
            Assert.Equal([5, 6, 7], frame.Samples[..3].ToArray());
            Assert.True(frame.Samples[3..].IndexOfAnyExcept((short)0) < 0);
        }

        Assert.False(framer.TryFlush(out _));
        Assert.Equal(160, framer.NextTimestamp);
    }

    [Fact]
    public void Reset_drops_the_remainder()
    {
        var framer = new Framer(8000, 10, TimeProvider.System);
        ReadOnlySpan<short> input = new short[50];
        framer.TryGetFrame(ref input, out _);
        Assert.Equal(50, framer.PendingSamples);
        framer.Reset();
        Assert.Equal(0, framer.PendingSamples);
        Assert.False(framer.TryFlush(out _));
    }

    [Fact]
    public void Bad_construction_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Framer(22050, 20, TimeProvider.System));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Framer(8000, 15, TimeProvider.System));
        Assert.Throws<ArgumentNullException>(() => new Framer(8000, 20, null!));
    }
}

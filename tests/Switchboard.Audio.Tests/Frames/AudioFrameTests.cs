using Switchboard.Audio.Frames;

namespace Switchboard.Audio.Tests.Frames;

public sealed class AudioFrameTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rent_gives_a_zeroed_frame_with_its_metadata()
    {
        using AudioFrame frame = AudioFrame.Rent(16000, 320, 640, Noon);
        Assert.Equal(16000, frame.SampleRate);
        Assert.Equal(320, frame.Length);
        Assert.Equal(640, frame.Timestamp);
        Assert.Equal(Noon, frame.WallClock);
        Assert.Equal(TimeSpan.FromMilliseconds(20), frame.Duration);
        Assert.Equal(320, frame.Samples.Length);
        Assert.Equal(320, frame.Memory.Length);
        foreach (short s in frame.Samples)
        {
            Assert.Equal(0, s);
        }
    }

    [Fact]
    public void A_rented_buffer_is_cleared_even_when_the_pool_hands_back_a_dirty_one()
    {
        using (AudioFrame dirty = AudioFrame.Rent(8000, 160, 0, Noon))
        {
            dirty.Samples.Fill(1234);
        }

        for (int i = 0; i < 4; i++)
        {
            using AudioFrame frame = AudioFrame.Rent(8000, 160, 0, Noon);
            Assert.True(frame.Samples.IndexOfAnyExcept((short)0) < 0);
        }
    }

    [Fact]
    public void Copy_holds_the_samples()
    {
        short[] source = [1, -2, 3, short.MaxValue, short.MinValue];
        using AudioFrame frame = AudioFrame.Copy(source, 8000, 0, Noon);
        Assert.Equal(source, frame.Samples.ToArray());
    }

    [Fact]
    public void Disposed_frames_refuse_access_and_double_dispose_is_harmless()
    {
        AudioFrame frame = AudioFrame.Rent(8000, 160, 0, Noon);
        frame.Dispose();
        Assert.True(frame.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => frame.Samples.Length);
        Assert.Throws<ObjectDisposedException>(() => frame.Memory);
        frame.Dispose();
        Assert.True(frame.IsDisposed);
    }

    [Fact]
    public void Double_dispose_does_not_return_the_storage_twice()
    {
        // If the storage went back to the pools twice, two live frames would share it.
        AudioFrame first = AudioFrame.Rent(8000, 160, 0, Noon);
        first.Dispose();
        first.Dispose();
        using AudioFrame a = AudioFrame.Rent(8000, 160, 0, Noon);
        using AudioFrame b = AudioFrame.Rent(8000, 160, 0, Noon);
        a.Samples.Fill(1);
        b.Samples.Fill(2);
        Assert.True(a.Samples.IndexOfAnyExcept((short)1) < 0);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_stale_handle_stays_disposed_after_its_storage_is_reused()
    {
        AudioFrame stale = AudioFrame.Rent(8000, 160, 0, Noon);
        AudioFrame copy = stale;
        stale.Dispose();
        // Rent enough frames that the released storage is certainly handed out again.
        var live = new List<AudioFrame>();
        for (int i = 0; i < 64; i++)
        {
            live.Add(AudioFrame.Rent(16000, 320, i, Noon));
        }

        Assert.True(copy.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => copy.Length);
        Assert.Throws<ObjectDisposedException>(() => copy.Samples.Length);
        copy.Dispose();
        foreach (AudioFrame frame in live)
        {
            Assert.False(frame.IsDisposed);
            Assert.Equal(320, frame.Length);
            frame.Dispose();
        }
    }

    [Fact]
    public void Default_frame_is_disposed()
    {
        AudioFrame frame = default;
        Assert.True(frame.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => frame.Samples.Length);
        frame.Dispose();
    }

    [Fact]
    public void Renting_and_disposing_allocates_nothing_in_steady_state()
    {
        for (int i = 0; i < 16; i++)
        {
            AudioFrame.Rent(48000, 960, i, Noon).Dispose();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            using AudioFrame frame = AudioFrame.Rent(48000, 960, i, Noon);
            frame.Samples[0] = 1;
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData(44100, 10, 0)]
    [InlineData(8000, -1, 0)]
    [InlineData(8000, 80001, 0)]
    [InlineData(8000, 10, -1)]
    public void Bad_arguments_are_rejected(int rate, int length, long timestamp)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioFrame.Rent(rate, length, timestamp, Noon));
    }
}

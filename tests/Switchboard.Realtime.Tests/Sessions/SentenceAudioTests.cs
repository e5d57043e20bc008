using System.Runtime.InteropServices;
using Switchboard.Realtime.Sessions;

namespace Switchboard.Realtime.Tests.Sessions;

public sealed class SentenceAudioTests
{
    private static readonly short[] Samples = [1, -2, 300, -400, short.MaxValue, short.MinValue, 7];

    [Fact]
    public void Raw_pcm_is_read_in_place_from_any_sample_and_a_trailing_odd_byte_is_not_a_sample()
    {
        var bytes = MemoryMarshal.AsBytes(Samples.AsSpan()).ToArray().Append((byte)0x55).ToArray();
        using var audio = SentenceAudio.FromPcm(bytes);
        Assert.Equal(Samples.Length, audio.Length);

        var middle = new short[4];
        audio.CopyTo(2, middle);
        Assert.Equal(Samples[2..6], middle);
        var all = new short[Samples.Length];
        audio.CopyTo(0, all);
        Assert.Equal(Samples, all);
        Assert.Throws<ArgumentOutOfRangeException>(() => audio.CopyTo(5, new short[3]));
    }

    [Fact]
    public void A_rented_buffer_counts_only_its_filled_samples()
    {
        var rented = new short[16];
        Samples.CopyTo(rented, 0);
        var audio = SentenceAudio.FromRented(rented, Samples.Length);
        Assert.Equal(Samples.Length, audio.Length);
        var tail = new short[3];
        audio.CopyTo(4, tail);
        Assert.Equal(Samples[4..], tail);
        Assert.Throws<ArgumentOutOfRangeException>(() => audio.CopyTo(0, new short[8]));

        var last = new short[5];
        last.AsSpan().Fill(99);
        audio.FillFrame(4, last);
        Assert.Equal([Samples[4], Samples[5], Samples[6], 0, 0], last);

        Assert.True(SentenceAudio.FromRented(null, 5).IsEmpty);
        Assert.True(default(SentenceAudio).IsEmpty);
    }
}

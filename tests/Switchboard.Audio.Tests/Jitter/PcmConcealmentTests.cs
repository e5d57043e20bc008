using Switchboard.Audio.Jitter;

namespace Switchboard.Audio.Tests.Jitter;

public sealed class PcmConcealmentTests
{
    [Fact]
    public void Fades_linearly_from_start_to_end_gain()
    {
        short[] previous = [1000, 1000, 1000, 1000];
        var faded = new short[4];
        PcmConcealment.WriteFadedCopy(previous, faded);
        Assert.Equal(new short[] { 1000, 750, 500, 250 }, faded);

        PcmConcealment.WriteFadedCopy([-2000, 2000], faded.AsSpan(0, 2), 0.5f, 0.5f);
        Assert.Equal(new short[] { -1000, 1000 }, faded[..2]);
    }

    [Fact]
    public void Validates_lengths_and_gains()
    {
        Assert.Throws<ArgumentException>(() => PcmConcealment.WriteFadedCopy(new short[3], new short[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PcmConcealment.WriteFadedCopy(new short[3], new short[3], 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => PcmConcealment.WriteFadedCopy(new short[3], new short[3], 1f, float.NaN));
    }
}

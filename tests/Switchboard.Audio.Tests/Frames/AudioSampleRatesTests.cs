using Switchboard.Audio.Frames;

namespace Switchboard.Audio.Tests.Frames;

public sealed class AudioSampleRatesTests
{
    [Theory]
    [InlineData(8000, 10, 80)]
    [InlineData(8000, 20, 160)]
    [InlineData(8000, 30, 240)]
    [InlineData(16000, 20, 320)]
    [InlineData(24000, 20, 480)]
    [InlineData(48000, 10, 480)]
    [InlineData(48000, 30, 1440)]
    [InlineData(8000, 60, 480)]
    public void SamplesPerFrame_is_rate_times_duration(int rate, int ms, int expected)
    {
        Assert.Equal(expected, AudioSampleRates.SamplesPerFrame(rate, ms));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-8000)]
    [InlineData(11025)]
    [InlineData(44100)]
    [InlineData(96000)]
    public void Unsupported_rates_are_rejected_with_a_clear_message(int rate)
    {
        Assert.False(AudioSampleRates.IsSupported(rate));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => AudioSampleRates.SamplesPerFrame(rate, 20));
        Assert.Equal("sampleRate", ex.ParamName);
        Assert.Contains("8000, 16000, 24000 or 48000", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(25)]
    [InlineData(130)]
    [InlineData(-10)]
    public void Odd_frame_durations_are_rejected(int ms)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => AudioSampleRates.SamplesPerFrame(8000, ms));
        Assert.Equal("frameMilliseconds", ex.ParamName);
    }
}

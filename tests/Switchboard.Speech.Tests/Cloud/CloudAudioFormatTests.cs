// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;
using Switchboard.Audio.Wav;
using Switchboard.Speech.Cloud;

namespace Switchboard.Speech.Tests.Cloud;

public sealed class CloudAudioFormatTests
{
    [Theory]
    [InlineData(null, true, 16000)]
    [InlineData("audio/wav", true, 16000)]
    [InlineData("audio/pcm", false, 16000)]
    [InlineData("audio/pcm; rate=8000", false, 8000)]
    [InlineData("wav;rate=48000", true, 48000)]
    public void Parses_format_and_rate(string? format, bool wav, int rate) =>
        Assert.Equal(new CloudAudioFormat(wav, rate), CloudAudioFormat.Parse(new TextToSpeechOptions { AudioFormat = format }, 16000));

    [Theory]
    [InlineData("audio/mpeg")]
    [InlineData("audio/pcm;rate=44100")]
    [InlineData("audio/pcm;rate=abc")]
    public void Rejects_unsupported_formats(string format) =>
        Assert.Throws<ArgumentException>(() => CloudAudioFormat.Parse(new TextToSpeechOptions { AudioFormat = format }, 16000));

    [Fact]
    public void Encodes_wav_and_raw_pcm()
    {
        short[] samples = [1, -2, 300, -32768];

        var wav = new CloudAudioFormat(true, 8000).Encode(samples);
        var pcm = new CloudAudioFormat(false, 24000).Encode(samples);

        Assert.Equal("audio/wav", wav.MediaType);
        Assert.Equal(samples, WavReader.Read(new MemoryStream(wav.Data.ToArray())).Samples);
        Assert.Equal("audio/pcm;rate=24000", pcm.MediaType);
        Assert.Equal(new byte[] { 1, 0, 0xFE, 0xFF, 0x2C, 0x01, 0, 0x80 }, pcm.Data.ToArray());
    }
}

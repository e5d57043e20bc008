using System.Buffers.Binary;
using Switchboard.Audio.G711;
using Switchboard.Audio.Wav;

namespace Switchboard.Audio.Tests.Wav;

public sealed class WavWriterTests
{
    private static short[] AllValues()
    {
        var all = new short[65536];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = (short)(i + short.MinValue);
        }

        return all;
    }

    [Fact]
    public void PCM16_has_the_canonical_44_byte_header_and_round_trips()
    {
        short[] samples = AllValues();
        using var stream = new MemoryStream();
        WavWriter.Write(stream, samples, 16000);
        byte[] bytes = stream.ToArray();
        Assert.Equal(44 + (samples.Length * 2), bytes.Length);
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal((uint)(bytes.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal("data"u8.ToArray(), bytes[36..40]);
        Assert.Equal(32000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));

        WavAudio audio = WavReader.Read(new MemoryStream(bytes));
        Assert.Equal(new WavFormat(WavEncoding.Pcm16, 16000, 1, 16, 2), audio.Format);
        Assert.Equal(samples, audio.Samples);
    }

    [Theory]
    [InlineData(WavEncoding.MuLaw)]
    [InlineData(WavEncoding.ALaw)]
    public void G711_files_round_trip_through_the_codec(WavEncoding encoding)
    {
        short[] samples = AllValues()[..12345];
        using var stream = new MemoryStream();
        WavWriter.Write(stream, samples, 8000, encoding);
        byte[] bytes = stream.ToArray();
        // Odd data length: pad byte present and counted in the RIFF size.
        Assert.Equal(0, bytes.Length % 2);
        Assert.Equal((uint)(bytes.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));

        WavAudio audio = WavReader.Read(new MemoryStream(bytes));
        Assert.Equal(encoding, audio.Format.Encoding);
        Assert.Equal(8, audio.Format.BitsPerSample);
        Func<short, short> roundTrip = encoding == WavEncoding.MuLaw
            ? s => MuLaw.Decode(MuLaw.Encode(s))
            : s => ALaw.Decode(ALaw.Encode(s));
        Assert.Equal(samples.Select(roundTrip).ToArray(), audio.Samples);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(11025)]
    [InlineData(44100)]
    [InlineData(96000)]
    public void Any_rate_is_written(int rate)
    {
        using var stream = new MemoryStream();
        WavWriter.Write(stream, new short[] { 1, 2, 3 }, rate);
        Assert.Equal(rate, WavReader.Read(new MemoryStream(stream.ToArray())).SampleRate);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentNullException>(() => WavWriter.Write(null!, new short[1], 8000));
        Assert.Throws<ArgumentOutOfRangeException>(() => WavWriter.Write(stream, new short[1], 0));
        Assert.Throws<ArgumentException>(() => WavWriter.Write(stream, new short[1], 8000, WavEncoding.Float32));
        Assert.Throws<ArgumentException>(() => WavWriter.Write(new MemoryStream(new byte[10], writable: false), new short[1], 8000));
    }
}

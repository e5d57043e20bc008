using System.Buffers.Binary;
using Switchboard.Audio.G711;
using Switchboard.Audio.Wav;

namespace Switchboard.Audio.Tests.Wav;

public sealed class WavReaderTests
{
    private static readonly short[] Samples = [0, 1, -1, 1000, -1000, short.MaxValue, short.MinValue, 12345, -23456];

    private static WavAudio Read(byte[] bytes) => WavReader.Read(new MemoryStream(bytes));

    private static WavFormatException Rejects(byte[] bytes)
    {
        var ex = Assert.Throws<WavFormatException>(() => Read(bytes));
        // Also on a pipe-like stream: the same verdict whether or not the reader can seek.
        Assert.Throws<WavFormatException>(() => WavReader.Read(new NonSeekableStream(bytes)));
        return ex;
    }

    [Fact]
    public void Reads_a_canonical_PCM16_file()
    {
        byte[] file = new WavBuilder()
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBuilder.Pcm16(Samples))
            .Build();
        WavAudio audio = Read(file);
        Assert.Equal(new WavFormat(WavEncoding.Pcm16, 8000, 1, 16, 2), audio.Format);
        Assert.Equal(Samples, audio.Samples);
        Assert.Equal(8000, audio.SampleRate);
    }

    [Fact]
    public void Skips_LIST_and_other_chunks_with_odd_sizes_and_padding()
    {
        byte[] file = new WavBuilder()
            .Chunk("LIST", "INFOISFT\u0005\0\0\0sox!!"u8.ToArray())
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 22050, 16, extraBytes: 0))
            .Chunk("bext", new byte[3])
            .Chunk("fact", new byte[4])
            .Chunk("data", WavBuilder.Pcm16(Samples))
            .Chunk("LIST", new byte[5])
            .Build();
        WavAudio audio = Read(file);
        Assert.Equal(22050, audio.SampleRate);
        Assert.Equal(Samples, audio.Samples);
    }

    [Fact]
    public void Tolerates_a_missing_pad_byte_after_an_odd_chunk()
    {
        byte[] file = new WavBuilder()
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 16000, 16))
            .Chunk("junk", new byte[] { 1, 2, 3 }, pad: false)
            .Chunk("data", WavBuilder.Pcm16(Samples))
            .Build();
        Assert.Equal(Samples, Read(file).Samples);
        Assert.Equal(Samples, WavReader.Read(new NonSeekableStream(file)).Samples);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0x7FFFF000u)]
    public void Streamed_files_with_a_wrong_data_length_are_read_to_the_end(uint declared)
    {
        var builder = new WavBuilder { RiffSizeOverride = declared };
        byte[] file = builder
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBuilder.Pcm16(Samples), declaredSize: declared)
            .Build();
        Assert.Equal(Samples, Read(file).Samples);
        Assert.Equal(Samples, WavReader.Read(new NonSeekableStream(file)).Samples);
    }

    [Fact]
    public void A_data_chunk_cut_short_yields_the_whole_samples_present()
    {
        byte[] full = new WavBuilder()
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBuilder.Pcm16(Samples))
            .Build();
        // Cut in the middle of the last sample: the partial sample is dropped.
        byte[] cut = full.AsSpan(0, full.Length - 1).ToArray();
        Assert.Equal(Samples[..^1], Read(cut).Samples);
    }

    [Fact]
    public void Stereo_is_averaged_to_mono()
    {
        short[] interleaved = [100, 300, -100, -301, short.MaxValue, short.MaxValue, short.MinValue, short.MinValue, 1, 2];
        byte[] file = new WavBuilder()
            .Chunk("fmt ", WavBuilder.Fmt(1, 2, 48000, 16))
            .Chunk("data", WavBuilder.Pcm16(interleaved))
            .Build();
        WavAudio audio = Read(file);
        Assert.Equal(2, audio.Format.Channels);
        Assert.Equal(new short[] { 200, -201, short.MaxValue, short.MinValue, 2 }, audio.Samples);
    }

    [Fact]
    public void Reads_PCM8_G711_and_float_encodings()
    {
        byte[] pcm8 = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 8)).Chunk("data", [0, 128, 255]).Build();
        Assert.Equal(new short[] { -32768, 0, 32512 }, Read(pcm8).Samples);

        byte[] codes = [0x00, 0x7F, 0xFF, 0x80, 0x55, 0xD5];
        byte[] ulaw = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(7, 1, 8000, 8, extraBytes: 0)).Chunk("data", codes).Build();
        Assert.Equal(codes.Select(MuLaw.Decode).ToArray(), Read(ulaw).Samples);
        byte[] alaw = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(6, 1, 8000, 8, extraBytes: 0)).Chunk("data", codes).Build();
        Assert.Equal(codes.Select(ALaw.Decode).ToArray(), Read(alaw).Samples);

        float[] floats = [0f, 0.5f, -0.5f, 1f, -1f, 2f, -7f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-9f];
        var payload = new byte[floats.Length * 4];
        for (int i = 0; i < floats.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), floats[i]);
        }

        byte[] f32 = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(3, 1, 16000, 32)).Chunk("data", payload).Build();
        WavAudio audio = Read(f32);
        Assert.Equal(WavEncoding.Float32, audio.Format.Encoding);
        // NaN is silence; out-of-range and infinite values are clamped.
        Assert.Equal(new short[] { 0, 16384, -16384, 32767, -32768, 32767, -32768, 0, 32767, -32768, 0 }, audio.Samples);
    }

    [Fact]
    public void Reads_WAVE_FORMAT_EXTENSIBLE()
    {
        byte[] file = new WavBuilder()
            .Chunk("fmt ", WavBuilder.ExtensibleFmt(1, 1, 44100, 16))
            .Chunk("data", WavBuilder.Pcm16(Samples))
            .Build();
        WavAudio audio = Read(file);
        Assert.Equal(WavEncoding.Pcm16, audio.Format.Encoding);
        Assert.Equal(44100, audio.SampleRate);
        Assert.Equal(Samples, audio.Samples);
    }

    [Fact]
    public void Reads_24_bit_PCM_rounded_to_16_bits()
    {
        byte[] payload = [0x80, 0x34, 0x12, 0x7F, 0x34, 0x12, 0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F];
        byte[] file = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 24)).Chunk("data", payload).Build();
        Assert.Equal(new short[] { 0x1235, 0x1234, short.MinValue, short.MaxValue }, Read(file).Samples);
    }

    [Fact]
    public void Truncated_and_foreign_files_are_rejected_with_clear_messages()
    {
        Assert.Contains("12-byte RIFF header", Rejects([]).Message, StringComparison.Ordinal);
        Assert.Contains("12-byte RIFF header", Rejects("RIFF\0\0"u8.ToArray()).Message, StringComparison.Ordinal);
        Assert.Contains("signature", Rejects("RIFF\0\0\0\0AVI LIST"u8.ToArray()).Message, StringComparison.Ordinal);
        Assert.Contains("RIFX", Rejects("RIFX\0\0\0\0WAVE"u8.ToArray()).Message, StringComparison.Ordinal);
        Assert.Contains("no 'fmt '", Rejects(new WavBuilder().Build()).Message, StringComparison.Ordinal);
        Assert.Contains("no 'data'", Rejects(new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16)).Build()).Message, StringComparison.Ordinal);
        byte[] cutFmt = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16)).Build()[..30];
        Assert.Contains("cut short", Rejects(cutFmt).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0, 8000, 16, 2, "channel count 0")]
    [InlineData(1, 9, 8000, 16, 18, "channel count 9")]
    [InlineData(1, 65535, 8000, 16, 2, "channel count 65535")]
    [InlineData(1, 1, 8000, 16, 0, "Block align is 0")]
    [InlineData(1, 1, 8000, 16, 3, "Block align 3")]
    [InlineData(1, 1, 0, 16, 2, "sample rate 0")]
    [InlineData(1, 1, 8000, 12, 2, "bits per sample 12")]
    [InlineData(0x55, 1, 8000, 16, 2, "format tag 0x0055")]
    [InlineData(3, 1, 8000, 16, 2, "bits per sample 16")]
    public void Hostile_formats_are_rejected(int tag, int channels, int rate, int bits, int blockAlign, string expected)
    {
        byte[] file = new WavBuilder()
            .Chunk("fmt ", WavBuilder.Fmt((ushort)tag, channels, rate, bits, blockAlign))
            .Chunk("data", new byte[64])
            .Build();
        Assert.Contains(expected, Rejects(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_chunk_structures_are_rejected()
    {
        byte[] hugeFmt = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16), declaredSize: uint.MaxValue).Build();
        Assert.Contains("'fmt ' chunk is 4294967295 bytes", Rejects(hugeFmt).Message, StringComparison.Ordinal);

        byte[] hugeList = new WavBuilder().Chunk("LIST", new byte[10], declaredSize: 0xFFFFFFF0).Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16)).Build();
        Assert.Contains("runs past the end", Rejects(hugeList).Message, StringComparison.Ordinal);

        byte[] dataFirst = new WavBuilder().Chunk("data", new byte[4]).Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16)).Build();
        Assert.Contains("before the 'fmt '", Rejects(dataFirst).Message, StringComparison.Ordinal);

        var many = new WavBuilder();
        for (int i = 0; i < 2000; i++)
        {
            many.Chunk("junk", []);
        }

        Assert.Contains("More than 1024 chunks", Rejects(many.Build()).Message, StringComparison.Ordinal);

        byte[] twoFmt = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16)).Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16)).Build();
        Assert.Contains("more than one", Rejects(twoFmt).Message, StringComparison.Ordinal);

        byte[] binaryId = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16)).Raw([0, 1, 2, 3, 0, 0, 0, 0]).Build();
        Assert.Contains("not ASCII", Rejects(binaryId).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_beyond_the_size_limit_is_rejected()
    {
        byte[] file = new WavBuilder()
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16))
            .Chunk("data", new byte[4096], declaredSize: 0xFFFFFFFF)
            .Build();
        Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream(file), maxDataBytes: 1000));
        Assert.Throws<WavFormatException>(() => WavReader.Read(new NonSeekableStream(file), maxDataBytes: 1000));
        Assert.Equal(2048, WavReader.Read(new NonSeekableStream(file), maxDataBytes: 4096).Samples.Length);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => WavReader.Read(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => WavReader.Read(new MemoryStream(), 0));
        using var unreadable = new MemoryStream();
        unreadable.Dispose();
        Assert.Throws<ArgumentException>(() => WavReader.Read(unreadable));
    }
}

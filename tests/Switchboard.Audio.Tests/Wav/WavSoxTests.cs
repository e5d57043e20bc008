using System.Buffers.Binary;
using Switchboard.Audio.Wav;

namespace Switchboard.Audio.Tests.Wav;

/// <summary>
/// Reads files that sox wrote, in many encodings, rates and channel layouts, and compares the samples with sox's own
/// decoding of the same file to 16-bit PCM. Also checks that sox reads the files we write.
/// </summary>
public sealed class WavSoxTests
{
    private static readonly string[] RawMono16 = ["-t", "raw", "-e", "signed-integer", "-b", "16", "-L"];

    private static short[] SourceSignal(int length)
    {
        var samples = new short[length];
        uint lcg = 12345;
        for (int i = 0; i < length; i++)
        {
            lcg = (lcg * 1664525) + 1013904223;
            double noise = ((int)(lcg >> 16) - 32768) / 32768.0;
            double tone = (0.6 * Math.Sin(2 * Math.PI * 440 * i / 16000.0)) + (0.3 * Math.Sin(2 * Math.PI * 3100 * i / 16000.0));
            samples[i] = (short)Math.Clamp(Math.Round((tone + (0.1 * noise)) * 32767), short.MinValue, short.MaxValue);
        }

        samples[10] = short.MaxValue;
        samples[11] = short.MinValue;
        return samples;
    }

    private static short[] ReadRaw(byte[] bytes)
    {
        var samples = new short[bytes.Length / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2));
        }

        return samples;
    }

    private static WavAudio ReadFile(string path)
    {
        using FileStream file = File.OpenRead(path);
        return WavReader.Read(file);
    }

    private static string WriteSource(TempDirectory temp, short[] samples)
    {
        string path = temp.File("source.wav");
        using (FileStream file = File.Create(path))
        {
            WavWriter.Write(file, samples, 16000);
        }

        return path;
    }

    [SoxTheory]
    [InlineData("pcm16", WavEncoding.Pcm16, 16000, new[] { "-b", "16" })]
    [InlineData("pcm8", WavEncoding.Pcm8, 16000, new[] { "-b", "8", "-e", "unsigned-integer" })]
    [InlineData("ulaw", WavEncoding.MuLaw, 16000, new[] { "-e", "u-law" })]
    [InlineData("alaw", WavEncoding.ALaw, 16000, new[] { "-e", "a-law" })]
    [InlineData("float32", WavEncoding.Float32, 16000, new[] { "-e", "floating-point", "-b", "32" })]
    [InlineData("float64", WavEncoding.Float64, 16000, new[] { "-e", "floating-point", "-b", "64" })]
    [InlineData("pcm24-extensible", WavEncoding.Pcm24, 16000, new[] { "-b", "24" })]
    [InlineData("pcm32", WavEncoding.Pcm32, 16000, new[] { "-b", "32", "-e", "signed-integer" })]
    [InlineData("rate44100", WavEncoding.Pcm16, 44100, new[] { "-b", "16", "-r", "44100" })]
    [InlineData("rate8000-ulaw", WavEncoding.MuLaw, 8000, new[] { "-e", "u-law", "-r", "8000" })]
    [InlineData("rate11025-alaw", WavEncoding.ALaw, 11025, new[] { "-e", "a-law", "-r", "11025" })]
    public void Mono_files_written_by_sox_decode_as_sox_decodes_them(string name, WavEncoding encoding, int rate, string[] options)
    {
        using var temp = new TempDirectory();
        short[] source = SourceSignal(8000);
        string sourcePath = WriteSource(temp, source);
        string path = temp.File(name + ".wav");
        SoxRunner.Run(["-D", sourcePath, .. options, path]);
        short[] expected = ReadRaw(SoxRunner.Run(["-D", path, .. RawMono16, "-"]));

        WavAudio audio;
        using (FileStream file = File.OpenRead(path))
        {
            audio = WavReader.Read(file);
        }

        Assert.Equal(encoding, audio.Format.Encoding);
        Assert.Equal(rate, audio.SampleRate);
        Assert.Equal(1, audio.Format.Channels);
        Assert.Equal(expected.Length, audio.Samples.Length);
        Assert.Equal(expected, audio.Samples);
        if (rate == 16000 && encoding is WavEncoding.Pcm16 or WavEncoding.Pcm24 or WavEncoding.Pcm32 or WavEncoding.Float32 or WavEncoding.Float64)
        {
            // Lossless containers give back exactly what we wrote.
            Assert.Equal(source, audio.Samples);
        }
    }

    [SoxTheory]
    [InlineData(2, 48000)]
    [InlineData(2, 8000)]
    [InlineData(3, 16000)]
    public void Multichannel_files_written_by_sox_are_averaged_to_mono(int channels, int rate)
    {
        using var temp = new TempDirectory();
        string path = temp.File("multi.wav");
        string[] tones = channels == 2 ? ["sine", "440", "sine", "1000"] : ["sine", "440", "square", "700", "sine", "2500"];
        SoxRunner.Run(["-D", "-n", "-r", rate.ToString(), "-c", channels.ToString(), "-b", "16", path, "synth", "0.25", .. tones, "vol", "0.9"]);
        short[] interleaved = ReadRaw(SoxRunner.Run(["-D", path, "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", "-"]));

        WavAudio audio = ReadFile(path);
        Assert.Equal(channels, audio.Format.Channels);
        Assert.Equal(rate, audio.SampleRate);
        Assert.Equal(interleaved.Length / channels, audio.Samples.Length);
        bool channelsDiffer = false;
        for (int i = 0; i < audio.Samples.Length; i++)
        {
            double sum = 0;
            for (int c = 0; c < channels; c++)
            {
                sum += interleaved[(i * channels) + c];
            }

            channelsDiffer |= interleaved[i * channels] != interleaved[(i * channels) + 1];
            Assert.Equal((short)Math.Round(sum / channels, MidpointRounding.AwayFromZero), audio.Samples[i]);
        }

        Assert.True(channelsDiffer, "the test signal must have different channels to test the downmix");
    }

    [SoxFact]
    public void A_file_sox_streams_to_a_pipe_is_read_to_the_end()
    {
        // Synthesised audio has no length sox knows in advance, so on a pipe it writes a placeholder length.
        string[] synth = ["synth", "0.3", "sine", "300-3000", "vol", "0.8"];
        byte[] streamed = SoxRunner.Run(["-D", "-n", "-r", "16000", "-c", "1", "-b", "16", "-t", "wav", "-", .. synth]);
        short[] expected = ReadRaw(SoxRunner.Run(["-D", "-n", "-r", "16000", "-c", "1", .. RawMono16, "-", .. synth]));
        Assert.Equal(4800, expected.Length);
        Assert.NotEqual((uint)(expected.Length * 2), BinaryPrimitives.ReadUInt32LittleEndian(streamed.AsSpan(40)));
        Assert.Equal(expected, WavReader.Read(new NonSeekableStream(streamed)).Samples);
        Assert.Equal(expected, WavReader.Read(new MemoryStream(streamed)).Samples);
    }

    [SoxTheory]
    [InlineData(WavEncoding.Pcm16, "Signed Integer PCM")]
    [InlineData(WavEncoding.MuLaw, "u-law")]
    [InlineData(WavEncoding.ALaw, "A-law")]
    public void Sox_reads_the_files_we_write(WavEncoding encoding, string soxEncodingName)
    {
        using var temp = new TempDirectory();
        short[] source = SourceSignal(4001);
        string path = temp.File("ours.wav");
        using (FileStream file = File.Create(path))
        {
            WavWriter.Write(file, source, 24000, encoding);
        }

        string info = System.Text.Encoding.UTF8.GetString(SoxRunner.Run(["--i", path]));
        Assert.Contains("Sample Rate    : 24000", info, StringComparison.Ordinal);
        Assert.Contains("Channels       : 1", info, StringComparison.Ordinal);
        Assert.Contains(soxEncodingName, info, StringComparison.Ordinal);
        short[] decodedBySox = ReadRaw(SoxRunner.Run(["-D", path, .. RawMono16, "-"]));
        Assert.Equal(ReadFile(path).Samples, decodedBySox);
    }

    [SoxTheory]
    [InlineData("u-law", WavEncoding.MuLaw)]
    [InlineData("a-law", WavEncoding.ALaw)]
    public void Our_G711_WAV_equals_sox_conversion_of_the_same_PCM16_WAV_where_sox_does_not_round(string soxEncoding, WavEncoding encoding)
    {
        // All 65,536 values in a PCM16 WAV; sox rounds to 14 (μ-law) or 13 (A-law) bits before encoding, so the
        // byte-for-byte check covers the values that rounding leaves unchanged (see G711SoxTests for the rest).
        using var temp = new TempDirectory();
        var all = new short[65536];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = (short)(i + short.MinValue);
        }

        string input = temp.File("all.wav");
        using (FileStream file = File.Create(input))
        {
            WavWriter.Write(file, all, 8000);
        }

        string soxOut = temp.File("sox.wav");
        SoxRunner.Run(["-D", input, "-e", soxEncoding, soxOut]);
        using var ours = new MemoryStream();
        WavWriter.Write(ours, all, 8000, encoding);

        byte[] soxData = DataChunk(File.ReadAllBytes(soxOut));
        byte[] ourData = DataChunk(ours.ToArray());
        Assert.Equal(65536, soxData.Length);
        Assert.Equal(65536, ourData.Length);
        int quantum = encoding == WavEncoding.MuLaw ? 4 : 8;
        int compared = 0;
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] % quantum == 0)
            {
                compared++;
                Assert.True(soxData[i] == ourData[i], $"x={all[i]}: sox 0x{soxData[i]:X2}, ours 0x{ourData[i]:X2}");
            }
        }

        Assert.Equal(65536 / quantum, compared);
    }

    private static byte[] DataChunk(byte[] file)
    {
        for (int offset = 12; offset + 8 <= file.Length;)
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 4));
            if (file.AsSpan(offset, 4).SequenceEqual("data"u8))
            {
                return file.AsSpan(offset + 8, (int)size).ToArray();
            }

            offset += 8 + (int)size + (int)(size & 1);
        }

        throw new InvalidOperationException("no data chunk");
    }
}

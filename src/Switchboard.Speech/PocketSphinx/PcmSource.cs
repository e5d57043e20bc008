using System.Runtime.InteropServices;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Wav;

namespace Switchboard.Speech.PocketSphinx;

/// <summary>
/// Reads mono PCM16 samples from a caller's stream, as it arrives: raw little-endian PCM16, or a WAV file whose
/// data is mono PCM16 (its header parsed here, its data streamed). Any other WAV (stereo, μ-law, float, odd header)
/// is read whole by <see cref="WavReader"/>, which handles every variant, and then served in chunks.
/// </summary>
/// <remarks>Not thread-safe; one per recognition.</remarks>
internal sealed class PcmSource
{
    private readonly Stream? _stream;
    private readonly short[]? _wavSamples;
    private readonly byte[] _bytes;
    private int _carried;
    private int _wavPosition;
    private long _remaining = long.MaxValue;

    private PcmSource(Stream? stream, short[]? wavSamples, int sampleRate, ReadOnlySpan<byte> prefix)
    {
        _stream = stream;
        _wavSamples = wavSamples;
        SampleRate = sampleRate;
        _bytes = new byte[Math.Max(4096, prefix.Length + 2)];
        prefix.CopyTo(_bytes);
        _carried = prefix.Length;
    }

    internal int SampleRate { get; }

    /// <summary>Detects WAV by its RIFF header; otherwise treats the stream as raw PCM16 at <paramref name="rawRate"/>.</summary>
    /// <exception cref="ArgumentException">The WAV file is malformed or its rate is unsupported.</exception>
    internal static async Task<PcmSource> OpenAsync(Stream stream, int rawRate, CancellationToken cancellationToken)
    {
        byte[] head = new byte[4];
        int got = 0;
        while (got < head.Length)
        {
            int n = await stream.ReadAsync(head.AsMemory(got), cancellationToken);
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        if (got == 4 && head.AsSpan().SequenceEqual("RIFF"u8))
        {
            var header = new MemoryStream();
            header.Write(head);
            return await OpenWavAsync(stream, header, cancellationToken);
        }

        return new PcmSource(stream, null, rawRate, head.AsSpan(0, got));
    }

    private static async Task<PcmSource> OpenWavAsync(Stream stream, MemoryStream header, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1024];
        if (await ReadExactAsync(stream, header, buffer, 8, cancellationToken) && buffer.AsSpan(4, 4).SequenceEqual("WAVE"u8))
        {
            int formatTag = 0, channels = 0, rate = 0, bits = 0;
            for (int chunk = 0; chunk < 64; chunk++)
            {
                if (!await ReadExactAsync(stream, header, buffer, 8, cancellationToken))
                {
                    break;
                }

                uint size = BitConverter.ToUInt32(buffer, 4);
                bool isFormat = buffer.AsSpan(0, 4).SequenceEqual("fmt "u8);
                if (buffer.AsSpan(0, 4).SequenceEqual("data"u8))
                {
                    if (formatTag != 1 || channels != 1 || bits != 16)
                    {
                        break;
                    }

                    ValidateRate(rate, nameof(stream));
                    var source = new PcmSource(stream, null, rate, default);
                    if (size is not 0 and not uint.MaxValue)
                    {
                        source._remaining = size;
                    }

                    return source;
                }

                long skip = size + (size & 1);
                if (skip > buffer.Length || (isFormat && size < 16))
                {
                    break;
                }

                if (!await ReadExactAsync(stream, header, buffer, (int)skip, cancellationToken))
                {
                    break;
                }

                if (isFormat)
                {
                    formatTag = BitConverter.ToUInt16(buffer, 0);
                    channels = BitConverter.ToUInt16(buffer, 2);
                    rate = BitConverter.ToInt32(buffer, 4);
                    bits = BitConverter.ToUInt16(buffer, 14);
                    if (formatTag == 0xFFFE && size >= 26)
                    {
                        // WAVE_FORMAT_EXTENSIBLE: the real tag opens the sub-format GUID.
                        formatTag = BitConverter.ToUInt16(buffer, 24);
                    }
                }
            }
        }

        // Not the simple case: let WavReader handle (or reject) the whole file.
        await stream.CopyToAsync(header, cancellationToken);
        header.Position = 0;
        WavAudio wav;
        try
        {
            wav = WavReader.Read(header);
        }
        catch (WavFormatException ex)
        {
            throw new ArgumentException($"The audio stream is not a usable WAV file: {ex.Message}", nameof(stream), ex);
        }

        ValidateRate(wav.SampleRate, nameof(stream));
        return new PcmSource(null, wav.Samples, wav.SampleRate, default);
    }

    private static void ValidateRate(int rate, string paramName)
    {
        if (!AudioSampleRates.IsSupported(rate))
        {
            throw new ArgumentException(
                $"Unsupported WAV sample rate {rate} Hz: pocketsphinx is fed 16 kHz, and 8000, 16000, 24000 or 48000 Hz input is resampled to it.",
                paramName);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes into <paramref name="buffer"/>, recording them in <paramref name="header"/>.</summary>
    private static async Task<bool> ReadExactAsync(Stream stream, MemoryStream header, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        int got = 0;
        while (got < count)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(got, count - got), cancellationToken);
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        header.Write(buffer, 0, got);
        return got == count;
    }

    /// <summary>Yields chunks of up to <paramref name="chunkSamples"/> samples; each buffer is reused for the next.</summary>
    internal async IAsyncEnumerable<ReadOnlyMemory<short>> ReadChunksAsync(
        int chunkSamples, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        short[] buffer = new short[chunkSamples];
        while (true)
        {
            int read = await ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                yield break;
            }

            yield return buffer.AsMemory(0, read);
        }
    }

    /// <summary>Fills <paramref name="destination"/> as far as the stream allows; 0 at the end.</summary>
    internal async ValueTask<int> ReadAsync(short[] destination, CancellationToken cancellationToken)
    {
        if (_wavSamples is not null)
        {
            int count = Math.Min(destination.Length, _wavSamples.Length - _wavPosition);
            _wavSamples.AsSpan(_wavPosition, count).CopyTo(destination);
            _wavPosition += count;
            return count;
        }

        int wantBytes = Math.Min(destination.Length * 2, _bytes.Length & ~1);
        while (_carried < wantBytes && _remaining > 0)
        {
            int ask = (int)Math.Min(wantBytes - _carried, _remaining);
            int n = await _stream!.ReadAsync(_bytes.AsMemory(_carried, ask), cancellationToken);
            if (n == 0)
            {
                break;
            }

            _carried += n;
            _remaining -= n;
        }

        int samples = _carried / 2;
        MemoryMarshal.Cast<byte, short>(_bytes.AsSpan(0, samples * 2)).CopyTo(destination);
        int leftover = _carried - (samples * 2);
        if (leftover > 0)
        {
            _bytes[0] = _bytes[samples * 2];
        }

        _carried = leftover;
        return samples;
    }
}

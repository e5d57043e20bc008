using System.Runtime.InteropServices;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Wav;

namespace Switchboard.Speech.PocketSphinx;

/// <summary>
/// Reads mono PCM16 samples from a caller's stream: a WAV file (read whole by <see cref="WavReader"/>, then served
/// in chunks) or raw little-endian PCM16, streamed as it arrives with odd bytes carried over between reads.
/// </summary>
/// <remarks>Not thread-safe; one per recognition.</remarks>
internal sealed class PcmSource
{
    private readonly Stream? _stream;
    private readonly short[]? _wavSamples;
    private readonly byte[] _bytes;
    private int _carried;
    private int _wavPosition;

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
            var whole = new MemoryStream();
            whole.Write(head);
            await stream.CopyToAsync(whole, cancellationToken);
            whole.Position = 0;
            WavAudio wav;
            try
            {
                wav = WavReader.Read(whole);
            }
            catch (WavFormatException ex)
            {
                throw new ArgumentException($"The audio stream is not a usable WAV file: {ex.Message}", nameof(stream), ex);
            }

            if (!AudioSampleRates.IsSupported(wav.SampleRate))
            {
                throw new ArgumentException(
                    $"Unsupported WAV sample rate {wav.SampleRate} Hz: pocketsphinx is fed 16 kHz, and 8000, 16000, 24000 or 48000 Hz input is resampled to it.",
                    nameof(stream));
            }

            return new PcmSource(null, wav.Samples, wav.SampleRate, default);
        }

        return new PcmSource(stream, null, rawRate, head.AsSpan(0, got));
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
        while (_carried < wantBytes)
        {
            int n = await _stream!.ReadAsync(_bytes.AsMemory(_carried, wantBytes - _carried), cancellationToken);
            if (n == 0)
            {
                break;
            }

            _carried += n;
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

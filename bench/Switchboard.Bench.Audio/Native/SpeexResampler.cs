using Switchboard.Bench.Audio.Quality;

namespace Switchboard.Bench.Audio.Native;

/// <summary>
/// A mono speexdsp resampler at a given quality (0..10). <see cref="Process"/> feeds the input until all of it is
/// consumed, so it streams like ours. Not thread-safe; owns the native state until disposed.
/// </summary>
internal sealed unsafe class SpeexResampler : IStreamResampler
{
    private nint _state;

    public SpeexResampler(int inputRate, int outputRate, int quality)
    {
        int error;
        _state = SpeexDsp.ResamplerInit(1, (uint)inputRate, (uint)outputRate, quality, &error);
        if (_state == 0 || error != 0)
        {
            throw new InvalidOperationException($"speex_resampler_init({inputRate}, {outputRate}, q{quality}) failed with {error}.");
        }

        Quality = quality;
    }

    public int Quality { get; }

    public string Name => $"speexdsp q{Quality}";

    /// <summary>
    /// Output room speex needs for <paramref name="inputLength"/> samples: it may emit one sample more than the exact
    /// ratio in a call because its phase differs from ours.
    /// </summary>
    public static int OutputCapacity(int inputLength, int inputRate, int outputRate) =>
        (int)(((long)inputLength * outputRate / inputRate) + 4);

    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        fixed (short* inp = input)
        fixed (short* outp = output)
        {
            int consumed = 0;
            int written = 0;
            while (consumed < input.Length)
            {
                uint inLength = (uint)(input.Length - consumed);
                uint outLength = (uint)(output.Length - written);
                int error = SpeexDsp.ResamplerProcessInt(_state, 0, inp + consumed, &inLength, outp + written, &outLength);
                if (error != 0)
                {
                    throw new InvalidOperationException($"speex_resampler_process_int failed with {error}.");
                }

                if (inLength == 0 && outLength == 0)
                {
                    throw new ArgumentException("Output buffer too small for speexdsp.", nameof(output));
                }

                consumed += (int)inLength;
                written += (int)outLength;
            }

            return written;
        }
    }

    public void Reset() => _ = SpeexDsp.ResamplerResetMem(_state);

    public void Dispose()
    {
        if (_state != 0)
        {
            SpeexDsp.ResamplerDestroy(_state);
            _state = 0;
        }
    }
}

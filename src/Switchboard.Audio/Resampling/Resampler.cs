using System.Numerics;
using System.Runtime.InteropServices;
using Switchboard.Audio.Frames;

namespace Switchboard.Audio.Resampling;

/// <summary>
/// Streaming PCM16 sample-rate converter among 8, 16, 24 and 48 kHz: a polyphase FIR whose windowed-sinc (Kaiser)
/// prototype is designed once per rate pair and shared.
/// </summary>
/// <remarks>
/// <para><b>Response.</b> Flat within 0.1 dB from DC to 0.45 × the lower of the two rates; at least 60 dB
/// attenuation (designed for 70 dB) of everything from 0.5 × the lower rate up, i.e. of aliases when
/// down-sampling and of images when up-sampling. The group delay is <see cref="Delay"/> (a few milliseconds).</para>
/// <para><b>Streaming.</b> Filter history and phase are kept between calls, so cutting the input into chunks of any
/// sizes yields exactly the same output samples as one call with all of it. Equal input and output rates pass
/// samples through unchanged.</para>
/// <para><b>Allocation.</b> None per call after construction; the filter is shared per rate pair, the history
/// belongs to the instance.</para>
/// <para><b>Thread-safety.</b> An instance is not thread-safe (one stream, one caller at a time); distinct instances
/// may be used concurrently. The caller owns all spans; none is kept after a call returns.</para>
/// </remarks>
public sealed class Resampler
{
    // Input is converted and filtered in chunks of at most this many samples, which bounds the work buffer.
    private const int ChunkSize = 960;

    private readonly ResamplerFilter _filter;

    // The newest taps − 1 input samples (oldest first) followed by the chunk being filtered: every output's window
    // is one contiguous slice, with no modulo indexing and no per-sample double writes.
    private readonly float[] _buffer;
    private readonly int _taps;
    private int _phase;

    /// <summary>Creates a resampler from <paramref name="inputRate"/> to <paramref name="outputRate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not 8000, 16000, 24000 or 48000.</exception>
    public Resampler(int inputRate, int outputRate)
    {
        AudioSampleRates.Validate(inputRate, nameof(inputRate));
        AudioSampleRates.Validate(outputRate, nameof(outputRate));
        InputRate = inputRate;
        OutputRate = outputRate;
        _filter = ResamplerFilter.For(inputRate, outputRate);
        _taps = _filter.TapsPerPhase;
        _buffer = new float[_taps - 1 + ChunkSize];
    }

    /// <summary>Input sample rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>Output sample rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>Group delay the filter adds (zero when the rates are equal).</summary>
    public TimeSpan Delay => TimeSpan.FromSeconds(_filter.DelayInCommonSamples / ((double)InputRate * _filter.Up));

    internal ResamplerFilter Filter => _filter;

    /// <summary>
    /// Upper bound of the samples <see cref="Process"/> writes for <paramref name="inputLength"/> input samples, in
    /// any state: size output buffers with it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputLength"/> is negative or the result
    /// would not fit an <see cref="int"/>.</exception>
    public int MaxOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        long max = (((long)inputLength * _filter.Up) + _filter.Down - 1) / _filter.Down;
        if (max > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(inputLength), inputLength, "The output length would exceed Int32.MaxValue.");
        }

        return (int)max;
    }

    /// <summary>
    /// Exact number of samples the next <see cref="Process"/> call writes for <paramref name="inputLength"/> input
    /// samples in the current state (at most <see cref="MaxOutputLength"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputLength"/> is negative.</exception>
    public int OutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        long span = ((long)inputLength * _filter.Up) - _phase;
        return span <= 0 ? 0 : (int)((span + _filter.Down - 1) / _filter.Down);
    }

    /// <summary>Converts <paramref name="input"/>, writing the resulting samples to the start of <paramref name="output"/>.</summary>
    /// <returns>The number of samples written (<see cref="OutputLength"/> of the input length).</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short; nothing is consumed then.</exception>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        int produced = OutputLength(input.Length);
        if (output.Length < produced)
        {
            throw new ArgumentException(
                $"Output holds {output.Length} samples but {produced} are produced for {input.Length} input samples; size it with MaxOutputLength.",
                nameof(output));
        }

        int up = _filter.Up;
        int down = _filter.Down;
        int taps = _taps;
        ReadOnlySpan<float> coefficients = _filter.Coefficients;
        Span<float> buffer = _buffer;
        int written = 0;
        while (!input.IsEmpty)
        {
            int take = Math.Min(input.Length, ChunkSize);
            Span<float> fresh = buffer.Slice(taps - 1, take);
            for (int i = 0; i < take; i++)
            {
                fresh[i] = input[i];
            }

            for (int i = 0; i < take; i++)
            {
                // Window of input i: its taps − 1 predecessors and itself. A decimator only enters this loop for
                // the inputs whose outputs it keeps.
                ReadOnlySpan<float> window = buffer.Slice(i, taps);
                while (_phase < up)
                {
                    output[written++] = ToPcm16(Dot(window, coefficients.Slice(_phase * taps, taps)));
                    _phase += down;
                }

                _phase -= up;
            }

            buffer.Slice(take, taps - 1).CopyTo(buffer);
            input = input[take..];
        }

        return written;
    }

    /// <summary>Clears history and phase, as if newly constructed (the shared filter is kept).</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        _phase = 0;
    }

    /// <summary>
    /// Dot product with four independent fused multiply-add accumulators, so the additions do not wait on each other
    /// (a single accumulator makes the loop latency-bound). Branch lengths are multiples of
    /// <see cref="ResamplerFilter.TapAlignment"/>, so the scalar tail only runs for the 1-tap pass-through.
    /// </summary>
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = a.Length;
        b = b[..n];
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        int i = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<float>.Count;
            var acc0 = Vector<float>.Zero;
            var acc1 = Vector<float>.Zero;
            var acc2 = Vector<float>.Zero;
            var acc3 = Vector<float>.Zero;
            for (; i <= n - (4 * width); i += 4 * width)
            {
                acc0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref ra, (nuint)i), Vector.LoadUnsafe(ref rb, (nuint)i), acc0);
                acc1 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref ra, (nuint)(i + width)), Vector.LoadUnsafe(ref rb, (nuint)(i + width)), acc1);
                acc2 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref ra, (nuint)(i + (2 * width))), Vector.LoadUnsafe(ref rb, (nuint)(i + (2 * width))), acc2);
                acc3 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref ra, (nuint)(i + (3 * width))), Vector.LoadUnsafe(ref rb, (nuint)(i + (3 * width))), acc3);
            }

            for (; i <= n - width; i += width)
            {
                acc0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref ra, (nuint)i), Vector.LoadUnsafe(ref rb, (nuint)i), acc0);
            }

            sum = Vector.Sum((acc0 + acc1) + (acc2 + acc3));
        }

        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static short ToPcm16(float value)
    {
        float rounded = MathF.Round(value);
        return rounded >= short.MaxValue ? short.MaxValue : rounded <= short.MinValue ? short.MinValue : (short)rounded;
    }
}

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

        int taps = _taps;
        Span<float> buffer = _buffer;
        Span<float> results = stackalloc float[8];
        int written = 0;
        while (!input.IsEmpty)
        {
            int take = Math.Min(input.Length, ChunkSize);
            Span<float> fresh = buffer.Slice(taps - 1, take);
            for (int i = 0; i < take; i++)
            {
                fresh[i] = input[i];
            }

            written = _filter.Up == 1 ? Decimate(take, output, written, results)
                : _filter.Down == 1 ? Interpolate(take, output, written, results)
                : Convert(take, output, written);
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

    // In the three loops below, the window of input i (its taps − 1 predecessors and itself) is _buffer[i, i + taps).

    /// <summary>
    /// Up = 1: only every Down-th input yields an output, and only those are computed, eight at a time sharing each
    /// coefficient load. <see cref="_phase"/> is the chunk index of the next output.
    /// </summary>
    private int Decimate(int take, Span<short> output, int written, Span<float> results)
    {
        int down = _filter.Down;
        int taps = _taps;
        ReadOnlySpan<float> buffer = _buffer;
        ReadOnlySpan<float> coefficients = _filter.Coefficients.AsSpan(0, taps);
        int i = _phase;
        for (; i + (7 * down) < take; i += 8 * down)
        {
            PolyphaseKernels.Dot8(buffer[i..], down, coefficients, results);
            for (int k = 0; k < 8; k++)
            {
                output[written++] = ToPcm16(results[k]);
            }
        }

        for (; i < take; i += down)
        {
            output[written++] = ToPcm16(PolyphaseKernels.Dot(buffer[i..], coefficients));
        }

        _phase = i - take;
        return written;
    }

    /// <summary>
    /// Down = 1: every input yields Up outputs, one per branch; each branch runs over eight consecutive inputs at a
    /// time. The phase is 0 at every input boundary.
    /// </summary>
    private int Interpolate(int take, Span<short> output, int written, Span<float> results)
    {
        int up = _filter.Up;
        int taps = _taps;
        ReadOnlySpan<float> buffer = _buffer;
        ReadOnlySpan<float> coefficients = _filter.Coefficients;
        int i = 0;
        for (; i + 8 <= take; i += 8)
        {
            for (int p = 0; p < up; p++)
            {
                PolyphaseKernels.Dot8(buffer[i..], 1, coefficients.Slice(p * taps, taps), results);
                for (int k = 0; k < 8; k++)
                {
                    output[written + (k * up) + p] = ToPcm16(results[k]);
                }
            }

            written += 8 * up;
        }

        for (; i < take; i++)
        {
            for (int p = 0; p < up; p++)
            {
                output[written++] = ToPcm16(PolyphaseKernels.Dot(buffer[i..], coefficients.Slice(p * taps, taps)));
            }
        }

        return written;
    }

    /// <summary>Rational ratios (e.g. 16 → 24 kHz, 3/2): input by input, branch by branch.</summary>
    private int Convert(int take, Span<short> output, int written)
    {
        int up = _filter.Up;
        int down = _filter.Down;
        int taps = _taps;
        ReadOnlySpan<float> buffer = _buffer;
        ReadOnlySpan<float> coefficients = _filter.Coefficients;
        for (int i = 0; i < take; i++)
        {
            while (_phase < up)
            {
                output[written++] = ToPcm16(PolyphaseKernels.Dot(buffer[i..], coefficients.Slice(_phase * taps, taps)));
                _phase += down;
            }

            _phase -= up;
        }

        return written;
    }

    private static short ToPcm16(float value)
    {
        float rounded = MathF.Round(value);
        return rounded >= short.MaxValue ? short.MaxValue : rounded <= short.MinValue ? short.MinValue : (short)rounded;
    }
}

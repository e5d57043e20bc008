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
    private readonly ResamplerFilter _filter;
    private readonly float[] _history;
    private readonly int _taps;
    private int _position;
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
        // Each sample is stored twice, at i and i + taps, so the newest `taps` samples are always contiguous.
        _history = new float[2 * _taps];
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
        Span<float> history = _history;
        int written = 0;
        for (int i = 0; i < input.Length; i++)
        {
            float sample = input[i];
            history[_position] = sample;
            history[_position + taps] = sample;
            _position = _position + 1 == taps ? 0 : _position + 1;
            ReadOnlySpan<float> window = history.Slice(_position, taps);
            while (_phase < up)
            {
                float acc = Dot(window, coefficients.Slice(_phase * taps, taps));
                output[written++] = ToPcm16(acc);
                _phase += down;
            }

            _phase -= up;
        }

        return written;
    }

    /// <summary>Clears history and phase, as if newly constructed (the shared filter is kept).</summary>
    public void Reset()
    {
        Array.Clear(_history);
        _position = 0;
        _phase = 0;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var acc = Vector<float>.Zero;
            ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
            ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (int v = 0; v < va.Length; v++)
            {
                acc += va[v] * vb[v];
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }

        for (; i < a.Length; i++)
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

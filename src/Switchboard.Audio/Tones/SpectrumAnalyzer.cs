namespace Switchboard.Audio.Tones;

/// <summary>
/// Hann-windowed power spectrum of a fixed-size frame through an in-place radix-2 FFT. Tables and
/// buffers are allocated once, so analysing a frame never allocates.
/// </summary>
internal sealed class SpectrumAnalyzer
{
    private readonly float[] _re;
    private readonly float[] _im;
    private readonly float[] _window;
    private readonly float[] _cos;
    private readonly float[] _sin;
    private readonly int[] _bitReversed;
    private readonly float[] _power;

    public SpectrumAnalyzer(int size)
    {
        if (size < 16 || !int.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The FFT size must be a power of two, at least 16.");
        }

        Size = size;
        _re = new float[size];
        _im = new float[size];
        _power = new float[(size / 2) + 1];
        _window = new float[size];
        for (int i = 0; i < size; i++)
        {
            _window[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / size)));
        }

        _cos = new float[size / 2];
        _sin = new float[size / 2];
        for (int i = 0; i < size / 2; i++)
        {
            _cos[i] = (float)Math.Cos(2 * Math.PI * i / size);
            _sin[i] = (float)-Math.Sin(2 * Math.PI * i / size);
        }

        int bits = int.Log2(size);
        _bitReversed = new int[size];
        for (int i = 0; i < size; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++)
            {
                r |= ((i >> b) & 1) << (bits - 1 - b);
            }

            _bitReversed[i] = r;
        }
    }

    public int Size { get; }

    /// <summary>Time-domain frame to analyse; filled by the caller before <see cref="Compute"/>, destroyed by it.</summary>
    public Span<float> Input => _re;

    /// <summary>Power per bin 0..Size/2 of the last computed frame; bin k is k·rate/Size Hz.</summary>
    public ReadOnlySpan<float> Power => _power;

    public void Compute()
    {
        int n = Size;
        for (int i = 0; i < n; i++)
        {
            _re[i] *= _window[i];
            _im[i] = 0f;
        }

        for (int i = 0; i < n; i++)
        {
            int j = _bitReversed[i];
            if (j > i)
            {
                (_re[i], _re[j]) = (_re[j], _re[i]);
            }
        }

        for (int length = 2; length <= n; length <<= 1)
        {
            int half = length >> 1;
            int stride = n / length;
            for (int start = 0; start < n; start += length)
            {
                for (int k = 0; k < half; k++)
                {
                    float wr = _cos[k * stride];
                    float wi = _sin[k * stride];
                    int a = start + k;
                    int b = a + half;
                    float tr = (_re[b] * wr) - (_im[b] * wi);
                    float ti = (_re[b] * wi) + (_im[b] * wr);
                    _re[b] = _re[a] - tr;
                    _im[b] = _im[a] - ti;
                    _re[a] += tr;
                    _im[a] += ti;
                }
            }
        }

        for (int k = 0; k < _power.Length; k++)
        {
            _power[k] = (_re[k] * _re[k]) + (_im[k] * _im[k]);
        }
    }
}

namespace Switchboard.Audio.Dtmf;

/// <summary>
/// Precomputed DFT basis rows (cosine and sine, with and without the Hann window) for the eight DTMF frequencies and
/// the four column second harmonics, at one block length. Immutable and shared by every detector of that rate.
/// </summary>
/// <remarks>
/// A bin is then a dot product of the block with two rows, <c>X = Σ x·cos − j Σ x·sin</c>: the same value the Goertzel
/// recurrence computes, but without its sample-by-sample dependency chain, so several bins run side by side in SIMD
/// lanes. Rows are built in double and rounded once to float.
/// </remarks>
internal sealed class DtmfBasis
{
    /// <summary>Number of rectangular-window bins: the eight tones, then the four column second harmonics.</summary>
    private const int RectBins = 12;

    private static readonly DtmfBasis Basis8000 = new(8000);
    private static readonly DtmfBasis Basis16000 = new(16000);

    private readonly float[] _hann;
    private readonly float[] _rect;

    private DtmfBasis(int sampleRate)
    {
        BlockSize = sampleRate / 100;
        int n = BlockSize;
        _hann = new float[8 * 2 * n];
        _rect = new float[RectBins * 2 * n];
        for (int bin = 0; bin < RectBins; bin++)
        {
            double f = bin < 4 ? DtmfTones.RowFrequencies[bin]
                : bin < 8 ? DtmfTones.ColumnFrequencies[bin - 4]
                : 2.0 * DtmfTones.ColumnFrequencies[bin - 8];
            double w = 2.0 * Math.PI * f / sampleRate;
            for (int i = 0; i < n; i++)
            {
                double cos = Math.Cos(w * i);
                double sin = Math.Sin(w * i);
                _rect[(2 * bin * n) + i] = (float)cos;
                _rect[(((2 * bin) + 1) * n) + i] = (float)sin;
                if (bin < 8)
                {
                    double hann = 0.5 - (0.5 * Math.Cos(2.0 * Math.PI * (i + 0.5) / n));
                    _hann[(2 * bin * n) + i] = (float)(hann * cos);
                    _hann[(((2 * bin) + 1) * n) + i] = (float)(hann * sin);
                }
            }
        }
    }

    /// <summary>Samples per 10 ms analysis block.</summary>
    public int BlockSize { get; }

    /// <summary>The shared basis for a validated rate (8000 or 16000).</summary>
    public static DtmfBasis For(int sampleRate) => sampleRate == 8000 ? Basis8000 : Basis16000;

    /// <summary>Hann-windowed cosine row of tone <paramref name="tone"/> (0–3 rows, 4–7 columns).</summary>
    public ReadOnlySpan<float> HannCos(int tone) => _hann.AsSpan(2 * tone * BlockSize, BlockSize);

    /// <summary>Hann-windowed sine row of tone <paramref name="tone"/>.</summary>
    public ReadOnlySpan<float> HannSin(int tone) => _hann.AsSpan(((2 * tone) + 1) * BlockSize, BlockSize);

    /// <summary>Rectangular cosine row of tone <paramref name="tone"/> (0–7), or of column <c>tone − 8</c>'s second harmonic (8–11).</summary>
    public ReadOnlySpan<float> RectCos(int bin) => _rect.AsSpan(2 * bin * BlockSize, BlockSize);

    /// <summary>Rectangular sine row, indexed like <see cref="RectCos"/>.</summary>
    public ReadOnlySpan<float> RectSin(int bin) => _rect.AsSpan(((2 * bin) + 1) * BlockSize, BlockSize);
}

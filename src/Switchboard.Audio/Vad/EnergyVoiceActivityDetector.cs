using System.Numerics;
using Switchboard.Audio.Tones;

namespace Switchboard.Audio.Vad;

/// <summary>
/// Dependency-free voice activity detector: frame energy against an adaptive noise floor, weighted by
/// spectral flatness so that broadband noise bursts score lower than voiced sound. A fallback for when
/// the Silero model is unavailable or too costly; less accurate in noise and it does fire on tones.
/// </summary>
/// <remarks>
/// <para>Every 10 ms: the energy of those 10 ms is compared with the noise floor, taken as the minimum
/// smoothed energy over the last 2 s (so the floor follows rising noise within 2 s and falling noise
/// at once); the spectral flatness of the last ~32 ms in 300–3400 Hz scales the score, and a short decaying
/// hold bridges the gaps between syllables. The score is then
/// segmented exactly like the Silero detector's probability (thresholds, minimum durations, padding).</para>
/// <para><b>Thread-safety:</b> not thread-safe; one instance per stream. <b>Ownership:</b> the caller owns
/// and disposes it. No allocation after construction.</para>
/// </remarks>
public sealed class EnergyVoiceActivityDetector : IVoiceActivityDetector
{
    private const double FloorSeconds = 2.0;
    private const double SilenceGateDbfs = -60;
    private const double SnrForZero = 3;
    private const double SnrForOne = 12;
    private const double NoiseLikeFlatness = 0.55;
    private const double ToneLikeFlatness = 0.2;
    private const double MinNoiseWeight = 0.3;

    // Per-10 ms decay of the held score: bridges stop closures and syllable gaps (~100 ms) that a frame
    // energy measure sees as silence but a listener does not.
    private const float HoldDecay = 0.05f;

    private readonly SpeechSegmenter _segmenter;
    private readonly SpectrumAnalyzer _analyzer;
    private readonly float[] _history;
    private readonly int _historyMask;
    private readonly int _hop;
    private readonly int _lowBin;
    private readonly int _highBin;
    private readonly float[] _floorRing;

    private long _position;
    private int _sinceHop;
    private double _hopEnergy;
    private int _floorIndex;
    private double _smoothed = double.NaN;
    private bool _disposed;

    /// <summary>Creates a detector for one stream.</summary>
    /// <param name="sampleRate">8000 or 16000.</param>
    /// <param name="options">Decision parameters; null for defaults. Copied, validated.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unsupported sample rate or invalid options.</exception>
    public EnergyVoiceActivityDetector(int sampleRate, VadOptions? options = null)
    {
        VadSampleRates.Validate(sampleRate, nameof(sampleRate));
        SampleRate = sampleRate;
        _segmenter = new SpeechSegmenter(options ?? new VadOptions(), sampleRate);
        _hop = sampleRate / 100;
        int window = (int)BitOperations.RoundUpToPowerOf2((uint)(sampleRate * 32 / 1000));
        _analyzer = new SpectrumAnalyzer(window);
        _history = new float[window];
        _historyMask = window - 1;
        _lowBin = 300 * window / sampleRate;
        _highBin = 3400 * window / sampleRate;
        _floorRing = new float[(int)(FloorSeconds * 100)];
        Array.Fill(_floorRing, float.PositiveInfinity);
    }

    /// <inheritdoc />
    public int SampleRate { get; }

    /// <inheritdoc />
    public bool IsSpeaking => _segmenter.IsSpeaking;

    /// <inheritdoc />
    public float LastProbability { get; private set; }

    /// <inheritdoc />
    public long SamplesProcessed => _position;

    /// <summary>Current noise floor estimate in dBFS (mean-square level of a 10 ms frame).</summary>
    public double NoiseFloorDbfs { get; private set; } = SilenceGateDbfs - 40;

    /// <inheritdoc />
    public int Process(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (int i = 0; i < samples.Length; i++)
        {
            float s = samples[i];
            _history[(int)(_position & _historyMask)] = s;
            _hopEnergy += s * s;
            _position++;
            if (++_sinceHop == _hop)
            {
                AnalyseHop();
            }
        }

        return _segmenter.PendingEvents;
    }

    /// <inheritdoc />
    public bool TryReadEvent(out VoiceActivityEvent activityEvent) => _segmenter.TryDequeue(out activityEvent);

    /// <inheritdoc />
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _segmenter.Flush(_position);
    }

    /// <inheritdoc />
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Array.Clear(_history);
        Array.Fill(_floorRing, float.PositiveInfinity);
        _position = 0;
        _sinceHop = 0;
        _hopEnergy = 0;
        _floorIndex = 0;
        _smoothed = double.NaN;
        LastProbability = 0;
        NoiseFloorDbfs = SilenceGateDbfs - 40;
        _segmenter.Reset();
    }

    /// <inheritdoc />
    public void Dispose() => _disposed = true;

    private void AnalyseHop()
    {
        double meanSquare = _hopEnergy / _hop / (32768.0 * 32768.0);
        double energyDb = 10 * Math.Log10(meanSquare + 1e-12);
        _hopEnergy = 0;
        _sinceHop = 0;

        // Smoothing over ~30 ms keeps the minimum statistic from chasing single quiet frames inside noise.
        _smoothed = double.IsNaN(_smoothed) ? energyDb : (0.67 * _smoothed) + (0.33 * energyDb);
        _floorRing[_floorIndex] = (float)_smoothed;
        _floorIndex = (_floorIndex + 1) % _floorRing.Length;
        float floor = float.PositiveInfinity;
        foreach (float f in _floorRing)
        {
            floor = Math.Min(floor, f);
        }

        NoiseFloorDbfs = floor;

        float probability = 0f;
        if (energyDb > SilenceGateDbfs)
        {
            double snrScore = Math.Clamp((energyDb - floor - SnrForZero) / (SnrForOne - SnrForZero), 0, 1);
            if (snrScore > 0)
            {
                double flatness = SpectralFlatness();
                double voiced = Math.Clamp((NoiseLikeFlatness - flatness) / (NoiseLikeFlatness - ToneLikeFlatness), 0, 1);
                probability = (float)(snrScore * (MinNoiseWeight + ((1 - MinNoiseWeight) * voiced)));
            }
        }

        probability = Math.Max(probability, LastProbability - HoldDecay);
        LastProbability = probability;
        _segmenter.AddWindow(_position - _hop, _hop, probability);
    }

    private double SpectralFlatness()
    {
        Span<float> input = _analyzer.Input;
        int size = input.Length;
        long start = _position - size;
        for (int i = 0; i < size; i++)
        {
            long index = start + i;
            input[i] = index < 0 ? 0f : _history[(int)(index & _historyMask)];
        }

        _analyzer.Compute();
        ReadOnlySpan<float> power = _analyzer.Power;
        double logSum = 0;
        double sum = 0;
        for (int k = _lowBin; k <= _highBin; k++)
        {
            double p = power[k] + 1e-3;
            logSum += Math.Log(p);
            sum += p;
        }

        int count = _highBin - _lowBin + 1;
        return Math.Exp(logSum / count) / (sum / count);
    }
}

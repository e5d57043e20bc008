using System.Numerics;

namespace Switchboard.Audio.Tones;

/// <summary>
/// Finds beeps — sustained single tones such as an answering machine's "record after the tone" — in a
/// PCM16 stream and reports each one's frequency, start and duration once it has ended.
/// </summary>
/// <remarks>
/// <para>Every 10 ms the last ~64 ms are analysed: a frame is tonal when it is loud enough and one
/// spectral peak inside the frequency range holds at least <see cref="BeepDetectorOptions.MinPurity"/> of
/// its energy. Consecutive tonal frames at a steady frequency form a beep; speech (many harmonics, moving
/// pitch) and dual tones such as DTMF or ringback (two peaks) do not.</para>
/// <para><b>Thread-safety:</b> not thread-safe; one detector per stream. <b>Ownership:</b> spans passed to
/// <see cref="Process"/> are read during the call only. No allocation after construction.</para>
/// </remarks>
public sealed class BeepDetector
{
    // A frame or two can fail in noise without the beep ending; more than this and it has ended.
    private const int MaxMissedFrames = 2;

    private readonly SpectrumAnalyzer _analyzer;
    private readonly float[] _history;
    private readonly int _historyMask;
    private readonly int _window;
    private readonly int _hop;
    private readonly int _chunk;
    private readonly int _minBin;
    private readonly int _maxBin;
    private readonly double _minFrequency;
    private readonly double _maxFrequency;
    private readonly double _minPurity;
    private readonly double _maxDeviation;
    private readonly double _minPower;
    private readonly long _minDuration;
    private readonly Queue<BeepEvent> _events = new(4);

    private long _position;
    private int _sinceHop;
    private int _missed;

    private bool _inRun;
    private long _runStart;
    private long _lastTonalWindowStart;
    private double _runReference;
    private double _runFrequencySum;
    private int _runFrames;
    private float _runPeak;

    /// <summary>Creates a detector for one stream.</summary>
    /// <param name="sampleRate">8000..48000 Hz.</param>
    /// <param name="options">Parameters; null for defaults. Copied and validated.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unsupported rate, invalid options, or a maximum
    /// frequency at or above half the sample rate.</exception>
    public BeepDetector(int sampleRate, BeepDetectorOptions? options = null)
    {
        if (sampleRate is < 8000 or > 48000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be between 8000 and 48000 Hz.");
        }

        options ??= new BeepDetectorOptions();
        options.Validate();
        if (options.MaxFrequency >= sampleRate / 2.0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxFrequency, $"MaxFrequency must be below {sampleRate / 2} Hz at {sampleRate} Hz.");
        }

        SampleRate = sampleRate;
        // ~64 ms: fine enough (15.6 Hz bins) to split close dual tones such as UK ringback (400 + 450 Hz).
        _window = (int)BitOperations.RoundUpToPowerOf2((uint)(sampleRate * 64 / 1000));
        _hop = sampleRate / 100;
        _analyzer = new SpectrumAnalyzer(_window);

        // Twice the window, so the frame before the current one is still available when a beep ends.
        _history = new float[_window * 2];
        _historyMask = _history.Length - 1;

        // One period of the lowest frequency: short enough for ~3 ms edges, long enough to contain a peak.
        _chunk = (int)Math.Ceiling(sampleRate / options.MinFrequency);
        _minFrequency = options.MinFrequency;
        _maxFrequency = options.MaxFrequency;
        _minBin = Math.Max(2, (int)Math.Floor(options.MinFrequency * _window / sampleRate));
        _maxBin = Math.Min((_window / 2) - 2, (int)Math.Ceiling(options.MaxFrequency * _window / sampleRate));
        _minPurity = options.MinPurity;
        _maxDeviation = options.MaxFrequencyDeviation;
        _minPower = 32768.0 * 32768.0 * Math.Pow(10, options.MinLevelDbfs / 10);
        _minDuration = options.MinDuration.Ticks * sampleRate / TimeSpan.TicksPerSecond;
    }

    /// <summary>Sample rate of the stream.</summary>
    public int SampleRate { get; }

    /// <summary>True while a tone is being tracked (it may still turn out shorter than the minimum).</summary>
    public bool IsToneActive => _inRun;

    /// <summary>Number of samples processed since creation or <see cref="Reset"/>.</summary>
    public long SamplesProcessed => _position;

    /// <summary>Analyses the samples; beeps that end within them are queued for <see cref="TryReadEvent"/>.</summary>
    /// <returns>Number of events waiting to be read.</returns>
    public int Process(ReadOnlySpan<short> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            _history[(int)(_position & _historyMask)] = samples[i];
            _position++;
            if (++_sinceHop == _hop)
            {
                _sinceHop = 0;
                if (_position >= _window)
                {
                    AnalyseFrame();
                }
            }
        }

        return _events.Count;
    }

    /// <summary>Dequeues the oldest detected beep, if any.</summary>
    public bool TryReadEvent(out BeepEvent beep) => _events.TryDequeue(out beep);

    /// <summary>End of stream: a tone still sounding is reported if it is already long enough.</summary>
    public void Flush()
    {
        if (_inRun)
        {
            EndRun(_position);
        }
    }

    /// <summary>Forgets all state and pending events.</summary>
    public void Reset()
    {
        Array.Clear(_history);
        _events.Clear();
        _position = 0;
        _sinceHop = 0;
        _inRun = false;
    }

    private void AnalyseFrame()
    {
        long windowStart = _position - _window;
        Span<float> input = _analyzer.Input;
        double energy = 0;
        float peak = 0;
        for (int i = 0; i < _window; i++)
        {
            float s = _history[(int)((windowStart + i) & _historyMask)];
            input[i] = s;
            energy += s * s;
            peak = Math.Max(peak, Math.Abs(s));
        }

        double frequency = 0;
        bool tonal = energy / _window >= _minPower && TryFindTone(out frequency);

        if (tonal && _inRun && Math.Abs(frequency - _runReference) <= _runReference * _maxDeviation)
        {
            _lastTonalWindowStart = windowStart;
            _runFrequencySum += frequency;
            _runFrames++;
            _runPeak = Math.Max(_runPeak, peak);
            _missed = 0;
            return;
        }

        if (_inRun)
        {
            if (!tonal && ++_missed <= MaxMissedFrames)
            {
                return;
            }

            EndRun(FindEnd());
        }

        if (tonal)
        {
            _inRun = true;
            _runReference = frequency;
            _runFrequencySum = frequency;
            _runFrames = 1;
            _runPeak = peak;
            _missed = 0;
            _lastTonalWindowStart = windowStart;
            _runStart = FindStart(windowStart, peak);
        }
    }

    private bool TryFindTone(out double frequency)
    {
        frequency = 0;
        _analyzer.Compute();
        ReadOnlySpan<float> power = _analyzer.Power;

        // Bin 0 and 1 hold DC offset and hum, which say nothing about a beep.
        double total = 0;
        for (int k = 2; k < power.Length; k++)
        {
            total += power[k];
        }

        int best = _minBin;
        for (int k = _minBin + 1; k <= _maxBin; k++)
        {
            if (power[k] > power[best])
            {
                best = k;
            }
        }

        // A Hann-windowed sinusoid keeps nearly all its energy within two bins of its peak.
        double peakEnergy = 0;
        for (int k = best - 2; k <= best + 2; k++)
        {
            peakEnergy += power[k];
        }

        if (total <= 0 || peakEnergy < _minPurity * total)
        {
            return false;
        }

        double a = Math.Log(power[best - 1] + 1e-12);
        double b = Math.Log(power[best] + 1e-12);
        double c = Math.Log(power[best + 1] + 1e-12);
        double denominator = a - (2 * b) + c;
        double offset = denominator < 0 ? 0.5 * (a - c) / denominator : 0;
        frequency = (best + Math.Clamp(offset, -0.5, 0.5)) * SampleRate / _window;
        // Interpolation is good to a fraction of a bin; a beep at exactly the range limit must still count.
        return frequency >= _minFrequency * 0.99 && frequency <= _maxFrequency * 1.01;
    }

    /// <summary>Walks back from the end of the first tonal frame while the envelope stays at tone level.</summary>
    private long FindStart(long windowStart, float tonePeak)
    {
        float level = tonePeak * 0.5f;
        long start = _position;
        long oldest = Math.Max(windowStart - _window, _position - _history.Length);
        while (start - _chunk >= oldest && ChunkPeak(start - _chunk) >= level)
        {
            start -= _chunk;
        }

        // Refine to the sample inside the boundary chunk.
        while (start > oldest && Math.Abs(_history[(int)((start - 1) & _historyMask)]) >= level * 0.2f)
        {
            start--;
        }

        return start;
    }

    /// <summary>Walks forward from the last tonal frame while the envelope stays at tone level.</summary>
    private long FindEnd()
    {
        float level = _runPeak * 0.5f;
        long end = Math.Max(_lastTonalWindowStart, _position - _history.Length);
        while (end + _chunk <= _position && ChunkPeak(end) >= level)
        {
            end += _chunk;
        }

        long limit = Math.Min(end + _chunk, _position);
        while (end < limit && Math.Abs(_history[(int)(end & _historyMask)]) >= level * 0.2f)
        {
            end++;
        }

        return end;
    }

    private float ChunkPeak(long from)
    {
        float peak = 0;
        for (long i = from; i < from + _chunk; i++)
        {
            peak = Math.Max(peak, Math.Abs(_history[(int)(i & _historyMask)]));
        }

        return peak;
    }

    private void EndRun(long end)
    {
        _inRun = false;
        if (end - _runStart >= _minDuration)
        {
            _events.Enqueue(new BeepEvent(_runFrequencySum / _runFrames, _runStart, end, SampleRate));
        }
    }
}

namespace Switchboard.Audio.Tones;

/// <summary>
/// Streams a <see cref="TonePattern"/> as PCM16, frame by frame. The waveform depends only on the sample
/// index, so any split into frames yields the same samples and the phase never jumps between frames.
/// On/off edges get a short ramp so that cadence switching does not click.
/// </summary>
/// <remarks>
/// <para><b>Thread-safety:</b> not thread-safe; one generator per stream.</para>
/// <para><b>Ownership:</b> <see cref="Read"/> writes into the caller's span and keeps no reference to it.
/// No allocation after construction.</para>
/// </remarks>
public sealed class ToneGenerator
{
    private const double RampSeconds = 0.002;

    private readonly long[] _segmentEnds;
    private readonly double _step1;
    private readonly double _step2;
    private readonly double _amplitude;
    private readonly int _ramp;
    private readonly bool _repeats;
    private readonly long _cycle;

    private double _phase1;
    private double _phase2;
    private long _position;

    /// <summary>Creates a generator for a pattern at a sample rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sample rate is outside 4000..192000 Hz, or a
    /// frequency of the pattern is not below half the sample rate.</exception>
    public ToneGenerator(TonePattern pattern, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (sampleRate is < 4000 or > 192000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be between 4000 and 192000 Hz.");
        }

        double nyquist = sampleRate / 2.0;
        if (pattern.Frequency1 >= nyquist || pattern.Frequency2 >= nyquist)
        {
            throw new ArgumentOutOfRangeException(nameof(pattern), $"Tone frequencies must be below {nyquist} Hz at {sampleRate} Hz.");
        }

        Pattern = pattern;
        SampleRate = sampleRate;
        _step1 = 2 * Math.PI * pattern.Frequency1 / sampleRate;
        _step2 = 2 * Math.PI * pattern.Frequency2 / sampleRate;
        _amplitude = 32767.0 * Math.Sqrt(2) * Math.Pow(10, pattern.LevelDbfs / 20);
        _ramp = Math.Max(1, (int)(RampSeconds * sampleRate));
        _repeats = pattern.Repeats;

        _segmentEnds = new long[pattern.Cadence.Count];
        long end = 0;
        for (int i = 0; i < _segmentEnds.Length; i++)
        {
            end += pattern.Cadence[i].Ticks * sampleRate / TimeSpan.TicksPerSecond;
            _segmentEnds[i] = end;
        }

        _cycle = end;
    }

    /// <summary>The pattern being played.</summary>
    public TonePattern Pattern { get; }

    /// <summary>Output sample rate.</summary>
    public int SampleRate { get; }

    /// <summary>Samples produced so far.</summary>
    public long Position => _position;

    /// <summary>True once a non-repeating pattern has played completely; further reads give silence.</summary>
    public bool IsFinished => !_repeats && _position >= _cycle;

    /// <summary>Fills <paramref name="destination"/> with the next samples.</summary>
    public void Read(Span<short> destination)
    {
        bool dual = _step2 > 0;
        for (int i = 0; i < destination.Length; i++)
        {
            double envelope = Envelope(_position);
            double value = 0;
            if (envelope > 0)
            {
                value = Math.Sin(_phase1);
                if (dual)
                {
                    value += Math.Sin(_phase2);
                }

                value *= envelope * _amplitude;
            }

            destination[i] = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);

            // Phases advance through off segments too, so each burst continues the same sinusoid.
            _phase1 += _step1;
            _phase2 += _step2;
            if (_phase1 >= 2 * Math.PI)
            {
                _phase1 -= 2 * Math.PI;
            }

            if (_phase2 >= 2 * Math.PI)
            {
                _phase2 -= 2 * Math.PI;
            }

            _position++;
        }
    }

    /// <summary>Restarts the pattern from its beginning with zero phase.</summary>
    public void Reset()
    {
        _phase1 = 0;
        _phase2 = 0;
        _position = 0;
    }

    private double Envelope(long position)
    {
        if (position >= _cycle)
        {
            if (!_repeats)
            {
                return 0;
            }

            position %= _cycle;
        }

        long start = 0;
        for (int s = 0; s < _segmentEnds.Length; s++)
        {
            long end = _segmentEnds[s];
            if (position < end)
            {
                if (s % 2 == 1)
                {
                    return 0;
                }

                long fromStart = position - start;
                long toEnd = end - position - 1;
                long edge = Math.Min(fromStart, toEnd);
                return edge >= _ramp ? 1.0 : (edge + 0.5) / _ramp;
            }

            start = end;
        }

        return 0;
    }
}

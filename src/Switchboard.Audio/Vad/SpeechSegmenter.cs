namespace Switchboard.Audio.Vad;

/// <summary>
/// Turns per-window speech probabilities into start/end events. Shared by every detector so that
/// thresholds, hysteresis, minimum durations and padding mean the same thing whatever the scorer.
/// </summary>
internal sealed class SpeechSegmenter
{
    private readonly float _positive;
    private readonly float _negative;
    private readonly long _minSpeech;
    private readonly long _minSilence;
    private readonly long _pad;
    private readonly int _sampleRate;

    // Sized for bursts of events from one large Process call; grows (once) only if a caller lets events pile up.
    private readonly Queue<VoiceActivityEvent> _events = new(16);

    private long _candidateStart = -1;
    private long _silenceStart = -1;
    private long _segmentStart;
    private long _lastEnd;
    private long _position;

    public SpeechSegmenter(VadOptions options, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _positive = options.PositiveThreshold;
        _negative = options.NegativeThreshold;
        _minSpeech = VadSampleRates.ToSamples(options.MinSpeechDuration, sampleRate);
        _minSilence = VadSampleRates.ToSamples(options.MinSilenceDuration, sampleRate);
        _pad = VadSampleRates.ToSamples(options.SpeechPad, sampleRate);
        _sampleRate = sampleRate;
    }

    public bool IsSpeaking { get; private set; }

    public int PendingEvents => _events.Count;

    public void AddWindow(long windowStart, int windowLength, float probability)
    {
        long windowEnd = windowStart + windowLength;
        _position = windowEnd;

        if (!IsSpeaking)
        {
            if (probability >= _positive)
            {
                if (_candidateStart < 0)
                {
                    _candidateStart = windowStart;
                }
            }
            else if (probability < _negative)
            {
                _candidateStart = -1;
            }

            // Probabilities between the thresholds keep a running candidate alive but never start one.
            if (_candidateStart >= 0 && windowEnd - _candidateStart >= _minSpeech)
            {
                IsSpeaking = true;
                _segmentStart = Math.Max(Math.Max(_candidateStart - _pad, _lastEnd), 0);
                _candidateStart = -1;
                _silenceStart = -1;
                _events.Enqueue(new VoiceActivityEvent(VoiceActivityEventKind.SpeechStarted, _segmentStart, null, windowEnd, _sampleRate));
            }

            return;
        }

        if (probability >= _negative)
        {
            _silenceStart = -1;
            return;
        }

        if (_silenceStart < 0)
        {
            _silenceStart = windowStart;
        }

        if (windowEnd - _silenceStart >= _minSilence)
        {
            Close(_silenceStart);
        }
    }

    public void Flush(long position)
    {
        _position = Math.Max(_position, position);
        if (IsSpeaking)
        {
            Close(_silenceStart >= 0 ? _silenceStart : _position);
        }

        _candidateStart = -1;
    }

    public bool TryDequeue(out VoiceActivityEvent activityEvent) => _events.TryDequeue(out activityEvent);

    public void Reset()
    {
        _events.Clear();
        IsSpeaking = false;
        _candidateStart = -1;
        _silenceStart = -1;
        _segmentStart = 0;
        _lastEnd = 0;
        _position = 0;
    }

    private void Close(long speechEnd)
    {
        long end = Math.Min(speechEnd + _pad, _position);
        _events.Enqueue(new VoiceActivityEvent(VoiceActivityEventKind.SpeechEnded, _segmentStart, end, _position, _sampleRate));
        _lastEnd = end;
        IsSpeaking = false;
        _silenceStart = -1;
    }
}

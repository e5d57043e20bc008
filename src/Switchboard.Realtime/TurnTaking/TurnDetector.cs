using System.Text;
using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.TurnTaking;

/// <summary>
/// Decides when the caller has finished a turn. Speech ends when the VAD has heard its endpointing silence and the
/// recognizer has delivered the final transcript of every utterance since the last turn (or the final timed out, in
/// which case the latest partial stands in). An utterance's finals are all in when its recognizer stream has ended, or
/// earlier, when a final says the recognizer has decided everything up to (at least) where the VAD says the speech
/// ended and no partial has come since: a recognizer that finalizes on a shorter silence than the endpointing then
/// has its final counted as soon as the silence ends, with the final's text, without waiting for the stream to close.
/// Digits end at the finish key or after the inter-digit timeout. Speech and digits of the same turn are delivered
/// together. All times are media times supplied by the caller.
/// </summary>
/// <remarks>One per call; not thread-safe (the call's media loop owns it).</remarks>
public sealed class TurnDetector(TurnDetectorOptions options)
{
    private readonly TurnDetectorOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _digits = new();
    // Per open utterance: where its speech ended (once the VAD said so) and up to where its finals cover everything.
    private readonly Dictionary<int, (TimeSpan? SpeechEnd, TimeSpan? HeardUntil)> _openUtterances = [];
    private int _currentUtterance;
    private string _latestPartial = "";
    private bool _speaking;
    private TimeSpan _speechEndedAt;
    private TimeSpan? _lastDigitAt;
    private bool _finishKeyPressed;
    private int? _maxDigits;
    private char? _finishOnKey;

    /// <summary>True from the VAD's speech start until its end.</summary>
    public bool IsUserSpeaking => _speaking;

    /// <summary>True while anything of a turn has been heard but the turn is not complete.</summary>
    public bool HasPendingInput => _speaking || _openUtterances.Count > 0 || _text.Length > 0 || _digits.Length > 0 || _latestPartial.Length > 0;

    /// <summary>Media time the caller's speech ended (the VAD's end of the last segment); valid after speech.</summary>
    public TimeSpan LastSpeechEnd { get; private set; }

    /// <summary>
    /// Utterances given up on because the recognizer produced nothing at all (no partial, no final) within
    /// <see cref="TurnDetectorOptions.SilentRecognizerTimeout"/>: what the caller said there was lost.
    /// </summary>
    public int AbandonedUtterances { get; private set; }

    /// <summary>The VAD heard speech start; <paramref name="utterance"/> identifies the recognizer stream opened for it.</summary>
    public void SpeechStarted(int utterance)
    {
        _speaking = true;
        _currentUtterance = utterance;
        _openUtterances[utterance] = (null, null);
    }

    /// <summary>The VAD heard its endpointing silence. <paramref name="speechEnd"/> is where the speech itself ended.</summary>
    public void SpeechEnded(TimeSpan detectedAt, TimeSpan speechEnd)
    {
        _speaking = false;
        _speechEndedAt = detectedAt;
        LastSpeechEnd = speechEnd;
        if (_openUtterances.TryGetValue(_currentUtterance, out var state)) _openUtterances[_currentUtterance] = state with { SpeechEnd = speechEnd };
    }

    /// <summary>
    /// A partial transcript; ignored when its utterance was already given up on. The recognizer is inside new speech,
    /// so what an earlier final covered no longer vouches for the whole utterance.
    /// </summary>
    public void Partial(int utterance, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!_openUtterances.TryGetValue(utterance, out var state)) return;
        _latestPartial = text.Trim();
        _openUtterances[utterance] = state with { HeardUntil = null };
    }

    /// <summary>
    /// A final transcript of one recognized phrase (an utterance may have several); ignored when its utterance was
    /// already given up on, so a late final never leaks into the next turn. <paramref name="heardUntil"/>, when the
    /// recognizer says, is the media time up to which this and the earlier finals hold everything that was said.
    /// </summary>
    public void Final(int utterance, string text, TimeSpan? heardUntil = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!_openUtterances.TryGetValue(utterance, out var state)) return;
        Append(text);
        if (heardUntil is { } until && (state.HeardUntil is not { } known || until > known))
            _openUtterances[utterance] = state with { HeardUntil = until };
    }

    private void Append(string text)
    {
        var trimmed = text.Trim();
        _latestPartial = "";
        if (trimmed.Length == 0) return;
        if (_text.Length > 0) _text.Append(' ');
        _text.Append(trimmed);
    }

    /// <summary>The recognizer stream of <paramref name="utterance"/> has ended: all its finals are in.</summary>
    public void UtteranceCompleted(int utterance) => _openUtterances.Remove(utterance);

    /// <summary>
    /// What the agent wants from the keypad next: the turn ends as soon as <paramref name="maxDigits"/> keys are in or
    /// <paramref name="finishOnKey"/> is pressed (defaults: the options' finish key and timeout only).
    /// </summary>
    public void ExpectDigits(int? maxDigits, char? finishOnKey)
    {
        if (maxDigits is < 1) throw new ArgumentOutOfRangeException(nameof(maxDigits), maxDigits, "At least one digit.");
        _maxDigits = maxDigits;
        _finishOnKey = finishOnKey;
    }

    public void Digit(char digit, TimeSpan at)
    {
        if ((_finishOnKey ?? _options.FinishOnKey) == digit)
        {
            _finishKeyPressed = true;
        }
        else
        {
            _digits.Append(digit);
        }
        _lastDigitAt = at;
    }

    /// <summary>Called every frame; returns the caller's turn when it is complete, otherwise null.</summary>
    public UserTurn? Tick(TimeSpan now)
    {
        if (_speaking) return null;
        if (!SpeechDone(now)) return null;
        var digitsDone = _lastDigitAt is null || _finishKeyPressed || now - _lastDigitAt.Value >= _options.DigitTimeout
            || (_maxDigits is { } max && _digits.Length >= max);
        if (!digitsDone) return null;

        if (!AllFinalsIn())
        {
            if (_latestPartial.Length > 0) Append(_latestPartial);
            else if (_text.Length == 0) AbandonedUtterances += _openUtterances.Count;
        }
        var text = _text.ToString();
        var digits = _digits.ToString();
        var hadInput = text.Length > 0 || digits.Length > 0 || _finishKeyPressed;
        Clear();
        return hadInput ? new UserTurn(text, digits) : null;
    }

    private bool SpeechDone(TimeSpan now)
    {
        if (AllFinalsIn()) return true;
        var waited = now - _speechEndedAt;
        if (waited < _options.FinalTranscriptTimeout) return false;
        // With nothing recognized yet, ending the turn now would drop the caller's words: a recognizer that is only
        // behind (a starved CPU, a busy decoder pool) gets longer before the utterance is given up on.
        return _latestPartial.Length > 0 || _text.Length > 0 || waited >= _options.SilentRecognizerTimeout;
    }

    private bool AllFinalsIn()
    {
        foreach (var (_, state) in _openUtterances)
        {
            if (state is not { SpeechEnd: { } end, HeardUntil: { } until } || until < end) return false;
        }
        return true;
    }

    /// <summary>Forgets everything heard so far (the call moved on without it).</summary>
    public void Clear()
    {
        _text.Clear();
        _digits.Clear();
        _openUtterances.Clear();
        _latestPartial = "";
        _lastDigitAt = null;
        _finishKeyPressed = false;
    }
}

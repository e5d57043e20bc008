namespace Switchboard.Realtime.TurnTaking;

/// <summary>
/// Decides, while the agent speaks, whether the caller is interrupting. Speech over the agent longer than the
/// threshold pauses playout; real words (a final transcript that is not a backchannel, enough words in a
/// partial, an interrupt phrase, or a digit) turn the pause into an interruption; a backchannel or silence for
/// the resume window resumes playout where it paused. All times are media times supplied by the caller, so the
/// machine runs identically on a live call and in tests.
/// </summary>
/// <remarks>One per call; not thread-safe (the call's turn-taking loop owns it).</remarks>
public sealed class BargeInStateMachine(BargeInOptions options)
{
    private enum State { Idle, AgentSpeaking, Overlap, Paused }

    private readonly BargeInOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private State _state = State.Idle;
    private TimeSpan _overlapStart;
    private TimeSpan _pausedAt;

    /// <summary>True while playout is paused waiting to learn whether the caller is really taking the turn.</summary>
    public bool IsPaused => _state == State.Paused;

    public void AgentStartedSpeaking()
    {
        if (_state == State.Idle) _state = State.AgentSpeaking;
    }

    public void AgentFinishedSpeaking() => _state = State.Idle;

    public BargeInAction UserSpeechStarted(TimeSpan at)
    {
        if (_state == State.AgentSpeaking)
        {
            _state = State.Overlap;
            _overlapStart = at;
        }
        return BargeInAction.None;
    }

    public BargeInAction UserSpeechEnded(TimeSpan at)
    {
        // Too short to count: the agent never stopped.
        if (_state == State.Overlap) _state = State.AgentSpeaking;
        return BargeInAction.None;
    }

    /// <summary>Called every frame (or on a timer) with the current media time.</summary>
    public BargeInAction Tick(TimeSpan now)
    {
        switch (_state)
        {
            case State.Overlap when _options.Threshold is { } threshold && now - _overlapStart >= threshold:
                _state = State.Paused;
                _pausedAt = now;
                return BargeInAction.PausePlayout;
            case State.Paused when now - _pausedAt >= _options.ResumeWindow:
                _state = State.AgentSpeaking;
                return BargeInAction.ResumePlayout;
            default:
                return BargeInAction.None;
        }
    }

    /// <summary>A transcript update of the caller's speech that overlaps the agent.</summary>
    public BargeInAction Transcript(string text, bool isFinal)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_state is State.Idle) return BargeInAction.None;
        var normalized = Normalize(text);
        if (normalized.Length == 0) return BargeInAction.None;

        if (ContainsPhrase(normalized, _options.InterruptPhrases)) return Interrupt();
        if (_options.Threshold is null) return BargeInAction.None;

        var realWords = RealWordCount(normalized);
        if (realWords > 0 && (isFinal || realWords >= _options.WordsToInterrupt) && _state is State.Overlap or State.Paused)
            return Interrupt();

        if (isFinal && realWords == 0)
        {
            // Only backchannels: carry on talking.
            var wasPaused = _state == State.Paused;
            _state = State.AgentSpeaking;
            return wasPaused ? BargeInAction.ResumePlayout : BargeInAction.None;
        }
        return BargeInAction.None;
    }

    public BargeInAction Dtmf(char digit) =>
        _options.DtmfInterrupts && _state is not State.Idle ? Interrupt() : BargeInAction.None;

    private BargeInAction Interrupt()
    {
        _state = State.Idle;
        return BargeInAction.Interrupt;
    }

    /// <summary>Words that are not part of a backchannel phrase (phrases matched longest first at each word).</summary>
    private int RealWordCount(string normalized)
    {
        var words = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var phrases = _options.Backchannels
            .Select(p => Normalize(p).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length > 0)
            .OrderByDescending(p => p.Length)
            .ToList();
        var real = 0;
        for (var i = 0; i < words.Length;)
        {
            var matched = phrases.FirstOrDefault(p => i + p.Length <= words.Length && p.AsSpan().SequenceEqual(words.AsSpan(i, p.Length)));
            if (matched is null)
            {
                real++;
                i++;
            }
            else
            {
                i += matched.Length;
            }
        }
        return real;
    }

    private static bool ContainsPhrase(string normalized, IReadOnlyList<string> phrases)
    {
        var padded = " " + normalized + " ";
        return phrases.Select(Normalize).Any(p => p.Length > 0 && padded.Contains(" " + p + " ", StringComparison.Ordinal));
    }

    private static string Normalize(string text)
    {
        Span<char> buffer = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        var space = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                buffer[n++] = char.ToLowerInvariant(c);
                space = false;
            }
            else if (!space)
            {
                buffer[n++] = ' ';
                space = true;
            }
        }
        return new string(buffer[..n]).Trim();
    }
}

namespace Switchboard.Realtime.Playout;

/// <summary>
/// Knows, for the agent's current turn, which text was queued as audio and how much of that audio the caller
/// has heard, so that on barge-in the conversation history keeps exactly the words that were played. Within a
/// chunk, words are mapped to time in proportion to their length in characters (TTS engines speak at a
/// near-constant rate per character); a word counts as heard once its midpoint has been played.
/// </summary>
/// <remarks>One instance per call; not thread-safe (the call's media loop owns it).</remarks>
public sealed class PlayoutTracker
{
    private readonly List<Chunk> _chunks = [];
    private long _queuedSamples;
    private long _playedSamples;

    /// <summary>Samples (at the call's output rate) queued so far in this turn.</summary>
    public long QueuedSamples => _queuedSamples;

    /// <summary>Samples the transport reports as played so far in this turn.</summary>
    public long PlayedSamples => _playedSamples;

    /// <summary>True when everything queued has been played.</summary>
    public bool IsDrained => _playedSamples >= _queuedSamples;

    /// <summary>Records that the audio for <paramref name="text"/>, <paramref name="samples"/> long, was queued.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is negative.</exception>
    public void Queued(string text, long samples)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        _chunks.Add(new Chunk(text, _queuedSamples, samples));
        _queuedSamples += samples;
    }

    /// <summary>Advances the played position (transports report marks, RTP reports frames sent and not flushed).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is negative.</exception>
    public void Played(long samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        _playedSamples = Math.Min(_queuedSamples, _playedSamples + samples);
    }

    /// <summary>
    /// Takes back <paramref name="samples"/> counted as played that the far end reports it never played (a transport
    /// that buffers ahead and acknowledges playout, such as Twilio's marks); never below zero.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is negative.</exception>
    public void Unplayed(long samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        _playedSamples = Math.Max(0, _playedSamples - samples);
    }

    /// <summary>The text the caller has heard so far in this turn, word-accurate.</summary>
    public string HeardText()
    {
        var parts = new List<string>();
        foreach (var chunk in _chunks)
        {
            if (_playedSamples >= chunk.Start + chunk.Length)
            {
                parts.Add(chunk.Text.Trim());
                continue;
            }
            if (_playedSamples <= chunk.Start) break;
            var heard = HeardPart(chunk.Text, (double)(_playedSamples - chunk.Start) / Math.Max(1, chunk.Length));
            if (heard.Length > 0) parts.Add(heard);
            break;
        }
        return string.Join(" ", parts.Where(p => p.Length > 0));
    }

    /// <summary>Starts the next turn.</summary>
    public void Reset()
    {
        _chunks.Clear();
        _queuedSamples = 0;
        _playedSamples = 0;
    }

    private static string HeardPart(string text, double fraction)
    {
        var trimmed = text.Trim();
        var total = trimmed.Length;
        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var position = 0;
        var heard = new List<string>();
        foreach (var word in words)
        {
            var index = trimmed.IndexOf(word, position, StringComparison.Ordinal);
            var midpoint = (index + word.Length / 2.0) / total;
            if (midpoint > fraction) break;
            heard.Add(word);
            position = index + word.Length;
        }
        return string.Join(' ', heard);
    }

    private sealed record Chunk(string Text, long Start, long Length);
}

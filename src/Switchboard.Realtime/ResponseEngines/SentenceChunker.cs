using System.Text;

namespace Switchboard.Realtime.ResponseEngines;

/// <summary>
/// Cuts a stream of LLM text deltas into sentences for TTS as soon as each one is complete, so the agent starts
/// speaking after the first sentence rather than after the whole reply. A sentence ends at '.', '!', '?' or a
/// newline followed by whitespace, except after common abbreviations, initials and inside numbers ("3.5",
/// "e.g."). Very long runs without an end are cut at a comma or space so TTS never waits on a paragraph.
/// </summary>
/// <remarks>One instance per reply; not thread-safe. Allocation is per sentence, not per delta character.</remarks>
public sealed class SentenceChunker
{
    /// <summary>A run longer than this is cut at its last comma or space even without a sentence end.</summary>
    public const int MaxSentenceLength = 250;

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "approx", "no", "dept", "inc", "ltd", "co",
        "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m",
    };

    private readonly StringBuilder _pending = new();

    /// <summary>Adds a delta and returns every sentence it completed (often none).</summary>
    public IReadOnlyList<string> Add(string delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        _pending.Append(delta);
        List<string>? done = null;
        while (TryCut(out var sentence)) (done ??= []).Add(sentence);
        return done ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The reply has ended: returns what is left, if anything speakable.</summary>
    public string? Flush()
    {
        var rest = _pending.ToString().Trim();
        _pending.Clear();
        return rest.Length == 0 ? null : rest;
    }

    private bool TryCut(out string sentence)
    {
        while (FindEnd() is var end && end > 0)
        {
            // Whitespace-only pieces (between two sentence ends) are dropped and the search goes on.
            if (Take(end, out sentence)) return true;
        }
        sentence = "";
        return false;
    }

    /// <summary>Length of the first complete sentence in the buffer, or -1.</summary>
    private int FindEnd()
    {
        var text = _pending;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('.' or '!' or '?' or '\n' or '…')) continue;
            // The character after the end decides: whitespace means the sentence is over; anything else
            // (or nothing yet) means wait, since "3." may become "3.5" with the next delta.
            if (c == '\n') return i + 1;
            if (i + 1 >= text.Length) return -1;
            if (!char.IsWhiteSpace(text[i + 1])) continue;
            if (c == '.' && IsAbbreviationOrInitial(text, i)) continue;
            return i + 1;
        }

        if (text.Length <= MaxSentenceLength) return -1;
        var cut = LastIndexOf(text, ',', MaxSentenceLength);
        if (cut < MaxSentenceLength / 2) cut = LastIndexOf(text, ' ', MaxSentenceLength);
        return cut <= 0 ? MaxSentenceLength : cut + 1;
    }

    private bool Take(int length, out string sentence)
    {
        sentence = _pending.ToString(0, length).Trim();
        _pending.Remove(0, length);
        return sentence.Length > 0;
    }

    private static bool IsAbbreviationOrInitial(StringBuilder text, int dot)
    {
        var start = dot;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '.')) start--;
        var word = text.ToString(start, dot - start);
        if (word.Length == 0) return false;
        if (word.Length == 1 && char.IsUpper(word[0])) return true; // "J. Smith"
        return Abbreviations.Contains(word);
    }

    private static int LastIndexOf(StringBuilder text, char c, int before)
    {
        for (var i = Math.Min(before, text.Length) - 1; i >= 0; i--)
        {
            if (text[i] == c) return i;
        }
        return -1;
    }
}

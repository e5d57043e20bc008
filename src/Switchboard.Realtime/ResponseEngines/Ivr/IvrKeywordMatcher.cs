namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>
/// Maps what the caller said to a menu option: an option's keyword (case-insensitive, whole words, phrases as
/// consecutive words) or a spoken key on its own ("two", "press two", "star").
/// </summary>
/// <remarks>Stateless and thread-safe. Runs once per turn, so allocating the word list is fine.</remarks>
internal static class IvrKeywordMatcher
{
    private static readonly Dictionary<string, char> SpokenKeys = new(StringComparer.Ordinal)
    {
        ["zero"] = '0',
        ["oh"] = '0',
        ["one"] = '1',
        ["two"] = '2',
        ["three"] = '3',
        ["four"] = '4',
        ["five"] = '5',
        ["six"] = '6',
        ["seven"] = '7',
        ["eight"] = '8',
        ["nine"] = '9',
        ["star"] = '*',
        ["pound"] = '#',
        ["hash"] = '#',
    };

    /// <summary>Words that may surround a spoken key ("press two please") without making it a sentence.</summary>
    private static readonly HashSet<string> KeyFillers = new(StringComparer.Ordinal)
        { "press", "option", "number", "key", "the", "um", "uh", "please", "i", "want", "choose", "pick" };

    /// <summary>A keyword's or a transcript's words: lower case, split at anything not a letter, digit or apostrophe.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '\'');
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                var word = text[start..i].Trim('\'').ToLowerInvariant();
                if (word.Length > 0) words.Add(word);
                start = -1;
            }
        }
        return words;
    }

    /// <summary>
    /// The option the caller chose, and the keyword that chose it (null when a spoken key did). When several keywords
    /// occur, the one said first wins, and at the same position the longer phrase.
    /// </summary>
    public static (IvrOption Option, string? Keyword)? Match(IvrMenu menu, string transcript)
    {
        var said = Words(transcript);
        if (said.Count == 0) return null;

        (IvrOption Option, string Keyword, int Position, int Length)? best = null;
        foreach (var option in menu.Options)
        {
            foreach (var keyword in option.Keywords)
            {
                var phrase = Words(keyword);
                var position = IndexOf(said, phrase);
                if (position < 0) continue;
                if (best is null || position < best.Value.Position || (position == best.Value.Position && phrase.Count > best.Value.Length))
                    best = (option, keyword, position, phrase.Count);
            }
        }
        if (best is { } found) return (found.Option, found.Keyword);

        var key = SpokenKey(said);
        return key is { } k && menu.FindByDigit(k) is { } byKey ? (byKey, null) : null;
    }

    /// <summary>A single key named in an otherwise empty utterance; "I want one ticket" is not a key press.</summary>
    private static char? SpokenKey(List<string> said)
    {
        char? key = null;
        foreach (var word in said)
        {
            if (KeyFillers.Contains(word)) continue;
            char found;
            if (word.Length == 1 && IvrMenuValidator.Digits.Contains(word[0], StringComparison.Ordinal)) found = word[0];
            else if (!SpokenKeys.TryGetValue(word, out found)) return null;
            if (key is not null) return null;
            key = found;
        }
        return key;
    }

    private static int IndexOf(List<string> said, List<string> phrase)
    {
        if (phrase.Count == 0) return -1;
        for (var i = 0; i + phrase.Count <= said.Count; i++)
        {
            var all = true;
            for (var j = 0; j < phrase.Count && all; j++) all = said[i + j] == phrase[j];
            if (all) return i;
        }
        return -1;
    }
}

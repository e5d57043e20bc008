using System.Text;

namespace Switchboard.Realtime.ResponseEngines.Flow.Input;

/// <summary>
/// Normalises a transcript for matching: lower case, punctuation dropped (apostrophes kept so "that's" stays one word),
/// hyphens split ("check-up" → "check up"). Recognisers differ in casing and punctuation; matching must not.
/// </summary>
internal static class SpokenText
{
    public static string[] Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '\'') builder.Append(char.ToLowerInvariant(c));
            else if (c == '’') builder.Append('\'');
            else builder.Append(' ');
        }
        return builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Index of the first occurrence of <paramref name="phrase"/> as whole words in <paramref name="words"/>, or -1.</summary>
    public static int IndexOf(string[] words, string[] phrase)
    {
        if (phrase.Length == 0) return -1;
        for (var i = 0; i + phrase.Length <= words.Length; i++)
        {
            var all = true;
            for (var j = 0; j < phrase.Length && all; j++) all = words[i + j] == phrase[j];
            if (all) return i;
        }
        return -1;
    }

    public static bool ContainsAny(string[] words, IEnumerable<string> phrases)
    {
        foreach (var phrase in phrases)
        {
            if (IndexOf(words, Words(phrase)) >= 0) return true;
        }
        return false;
    }
}

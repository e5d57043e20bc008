using System.Globalization;

namespace Switchboard.Realtime.ResponseEngines.Flow.Input;

/// <summary>
/// Reads a whole number: keypad digits, numerals in the transcript ("42"), or number words ("twenty three",
/// "one hundred and five", "two five" read digit by digit as 25). Only the first number in the turn counts.
/// </summary>
internal static class NumberParser
{
    public static readonly IReadOnlyList<string> Phrases =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    private static readonly Dictionary<string, int> Small = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["oh"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13,
        ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19,
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70,
        ["eighty"] = 80, ["ninety"] = 90,
    };

    private static readonly Dictionary<string, long> Scales = new(StringComparer.Ordinal)
    {
        ["hundred"] = 100, ["thousand"] = 1_000, ["million"] = 1_000_000,
    };

    public static bool TryParse(string text, string digits, out long value)
    {
        value = 0;
        if (digits.Length > 0)
        {
            return digits.Length <= 18 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        var words = SpokenText.Words(text);
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].Length <= 18 && long.TryParse(words[i], NumberStyles.None, CultureInfo.InvariantCulture, out value)) return true;
            if (Small.ContainsKey(words[i]) && words[i] != "oh") return TryWords(words, i, out value);
        }
        return false;
    }

    private static bool TryWords(string[] words, int start, out long value)
    {
        var end = start;
        while (end < words.Length && (Small.ContainsKey(words[end]) || Scales.ContainsKey(words[end]) || (words[end] == "and" && end > start)))
            end++;

        // "two five" is read digit by digit; "twenty five" is composed.
        var allDigits = end - start > 1;
        for (var i = start; i < end && allDigits; i++) allDigits = Small.TryGetValue(words[i], out var d) && d < 10;
        if (allDigits)
        {
            value = 0;
            for (var i = start; i < end; i++) value = value * 10 + Small[words[i]];
            return true;
        }

        long total = 0, current = 0;
        for (var i = start; i < end; i++)
        {
            if (Small.TryGetValue(words[i], out var small)) current += small;
            else if (Scales.TryGetValue(words[i], out var scale))
            {
                if (scale == 100) current = Math.Max(current, 1) * 100;
                else
                {
                    total += Math.Max(current, 1) * scale;
                    current = 0;
                }
            }
        }
        value = total + current;
        return true;
    }
}

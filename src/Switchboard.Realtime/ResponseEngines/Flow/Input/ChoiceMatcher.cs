namespace Switchboard.Realtime.ResponseEngines.Flow.Input;

/// <summary>
/// Picks the choice a caller meant: by keypad digit, or by the value or a synonym spoken as whole words. When several
/// are spoken, the one said first wins ("cleaning, or maybe a checkup" → cleaning).
/// </summary>
internal static class ChoiceMatcher
{
    public static FlowChoice? Match(IReadOnlyList<FlowChoice> choices, string text, string digits)
    {
        if (digits.Length > 0)
        {
            foreach (var choice in choices)
            {
                if (choice.Digit == digits) return choice;
            }
            return null;
        }

        var words = SpokenText.Words(text);
        if (words.Length == 0) return null;
        FlowChoice? best = null;
        var bestAt = int.MaxValue;
        foreach (var choice in choices)
        {
            var at = SpokenText.IndexOf(words, SpokenText.Words(choice.Value));
            foreach (var synonym in choice.Synonyms)
            {
                var s = SpokenText.IndexOf(words, SpokenText.Words(synonym));
                if (s >= 0 && (at < 0 || s < at)) at = s;
            }
            if (at >= 0 && at < bestAt)
            {
                best = choice;
                bestAt = at;
            }
        }
        return best;
    }
}

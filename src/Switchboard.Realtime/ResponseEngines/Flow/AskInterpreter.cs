using System.Globalization;
using Switchboard.Realtime.ResponseEngines.Flow.Input;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// Turns a caller's turn into an <c>ask</c> node's value: filters by input mode, applies max_digits and
/// finish_on_key, then parses by the node's value type. Returns null for no match; <see cref="IsEmpty"/> tells a
/// silent or off-mode turn apart so it can be handled like no input.
/// </summary>
internal static class AskInterpreter
{
    public static bool IsEmpty(FlowNode ask, UserTurn turn)
    {
        var (text, digits) = Usable(ask, turn);
        return string.IsNullOrWhiteSpace(text) && digits.Length == 0;
    }

    public static string? Interpret(FlowNode ask, UserTurn turn, DateOnly today)
    {
        var (text, digits) = Usable(ask, turn);
        // A keypad answer wins over speech picked up in the same turn (often the caller reading the options aloud).
        if (digits.Length > 0) text = "";
        if (text.Length == 0 && digits.Length == 0) return null;

        string? value = ask.ValueType switch
        {
            AskValueType.Choices => ChoiceMatcher.Match(ask.Choices, text, digits)?.Value,
            AskValueType.Expected => ExpectedPhrase(ask.Expected, text),
            AskValueType.YesNo => YesNoParser.TryParse(text, digits, out var yes) ? (yes ? "yes" : "no") : null,
            AskValueType.DayOfWeek => DayOfWeekParser.TryParse(text, digits, today, out var day) ? day.ToString() : null,
            AskValueType.Number => NumberParser.TryParse(text, digits, out var n) ? n.ToString(CultureInfo.InvariantCulture) : null,
            AskValueType.Name => digits.Length == 0 && NameParser.TryParse(text, out var name) ? name : null,
            _ => digits.Length > 0 ? digits : text.Trim(),
        };
        if (value is null || ask.AllowedValues.Count == 0) return value;
        foreach (var allowed in ask.AllowedValues)
        {
            if (string.Equals(allowed, value, StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }

    /// <summary>Phrases to hint the recogniser with while this ask waits.</summary>
    public static IReadOnlyList<string> Hints(FlowNode ask)
    {
        if (ask.Input == AskInputMode.Digits) return [];
        switch (ask.ValueType)
        {
            case AskValueType.Expected:
                return ask.Expected;
            case AskValueType.Choices:
                var hints = new List<string>();
                foreach (var choice in ask.Choices)
                {
                    hints.Add(choice.Value);
                    hints.AddRange(choice.Synonyms);
                }
                return hints;
            case AskValueType.YesNo:
                return YesNoParser.Phrases;
            case AskValueType.DayOfWeek:
                if (ask.AllowedValues.Count == 0) return DayOfWeekParser.Phrases;
                return [.. ask.AllowedValues.Select(v => v.ToLowerInvariant())];
            case AskValueType.Number:
                return NumberParser.Phrases;
            default:
                return [];
        }
    }

    private static (string Text, string Digits) Usable(FlowNode ask, UserTurn turn)
    {
        var text = ask.Input == AskInputMode.Digits ? "" : turn.Text;
        var digits = ask.Input == AskInputMode.Speech ? "" : turn.Digits;
        if (ask.FinishOnKey is { } finish && digits.IndexOf(finish, StringComparison.Ordinal) is var end and >= 0) digits = digits[..end];
        if (ask.MaxDigits is { } max && digits.Length > max) digits = digits[..max];
        return (text, digits);
    }

    private static string? ExpectedPhrase(IReadOnlyList<string> expected, string text)
    {
        var words = SpokenText.Words(text);
        string? best = null;
        var bestAt = int.MaxValue;
        foreach (var phrase in expected)
        {
            var at = SpokenText.IndexOf(words, SpokenText.Words(phrase));
            if (at >= 0 && at < bestAt)
            {
                best = phrase;
                bestAt = at;
            }
        }
        return best;
    }
}

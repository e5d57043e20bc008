namespace Switchboard.Realtime.ResponseEngines.Flow.Input;

/// <summary>
/// Reads a yes or a no from speech ("yeah", "that's right", "no it isn't") or the keypad (1 = yes, 2 = no).
/// A negation anywhere wins, because "no that's not right" contains "right" and still means no.
/// </summary>
internal static class YesNoParser
{
    public static readonly IReadOnlyList<string> Phrases = ["yes", "no", "yeah", "yep", "correct", "right", "nope", "wrong"];

    private static readonly string[] YesWords =
        ["yes", "yeah", "yep", "yup", "yah", "sure", "correct", "right", "affirmative", "absolutely", "okay", "ok", "definitely", "exactly", "indeed", "perfect", "fine"];

    private static readonly string[] NoWords =
        ["no", "nope", "nah", "not", "wrong", "incorrect", "negative", "isn't", "isnt", "don't", "dont", "never"];

    private static readonly string[][] YesPhrases = [["of", "course"], ["that's", "it"], ["sounds", "good"]];

    public static bool TryParse(string text, string digits, out bool yes)
    {
        yes = false;
        if (digits.Length > 0)
        {
            if (digits == "1") { yes = true; return true; }
            if (digits == "2") return true;
            return false;
        }

        var words = SpokenText.Words(text);
        if (words.Length == 0) return false;
        foreach (var w in words)
        {
            if (Array.IndexOf(NoWords, w) >= 0) return true;
        }
        foreach (var w in words)
        {
            if (Array.IndexOf(YesWords, w) >= 0) { yes = true; return true; }
        }
        foreach (var phrase in YesPhrases)
        {
            if (SpokenText.IndexOf(words, phrase) >= 0) { yes = true; return true; }
        }
        return false;
    }
}

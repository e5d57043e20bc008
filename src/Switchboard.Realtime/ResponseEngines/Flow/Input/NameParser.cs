using System.Globalization;

namespace Switchboard.Realtime.ResponseEngines.Flow.Input;

/// <summary>
/// Takes a caller's name out of what they said: drops lead-ins ("my name is", "this is", "it's", "I'm") and trailing
/// courtesy ("thanks"), keeps at most four words and capitalises them so the agent can read the name back.
/// </summary>
internal static class NameParser
{
    private static readonly string[][] LeadIns =
    [
        ["my", "name", "is"], ["my", "name's"], ["the", "name", "is"], ["name", "is"], ["this", "is"], ["it", "is"],
        ["it's"], ["i", "am"], ["i'm"], ["call", "me"], ["you", "can", "call", "me"], ["yes"], ["yeah"], ["sure"],
        ["hi"], ["hello"], ["um"], ["uh"], ["er"], ["oh"], ["well"], ["so"],
    ];

    private static readonly HashSet<string> Trailing = new(StringComparer.Ordinal) { "thanks", "thank", "you", "please", "here" };

    public const int MaxWords = 4;

    public static bool TryParse(string text, out string name)
    {
        name = "";
        var words = SpokenText.Words(text);
        var start = 0;
        var stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var leadIn in LeadIns)
            {
                if (start + leadIn.Length <= words.Length && SpokenText.IndexOf(words[start..(start + leadIn.Length)], leadIn) == 0)
                {
                    start += leadIn.Length;
                    stripped = true;
                    break;
                }
            }
        }

        var end = words.Length;
        while (end > start && Trailing.Contains(words[end - 1])) end--;
        if (end <= start) return false;
        end = Math.Min(end, start + MaxWords);

        var parts = new string[end - start];
        for (var i = start; i < end; i++) parts[i - start] = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(words[i]);
        name = string.Join(' ', parts);
        return true;
    }
}

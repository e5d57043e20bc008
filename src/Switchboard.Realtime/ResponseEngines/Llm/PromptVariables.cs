using System.Text.RegularExpressions;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>
/// Fills <c>{{name}}</c> placeholders (whitespace inside the braces allowed) from a call's variables.
/// </summary>
/// <remarks>
/// An unknown variable is left as written in prompts the model reads, so the model sees that the value is missing
/// rather than reading a sentence with a hole in it; in text spoken to the caller it becomes empty instead, because
/// reading "curly curly first name" aloud is worse than a missing word.
/// </remarks>
internal static partial class PromptVariables
{
    public static string ForModel(string template, IReadOnlyDictionary<string, string> variables) =>
        Substitute(template, variables, keepUnknown: true);

    public static string ForSpeech(string template, IReadOnlyDictionary<string, string> variables) =>
        Whitespace().Replace(Substitute(template, variables, keepUnknown: false), " ").Trim();

    private static string Substitute(string template, IReadOnlyDictionary<string, string> variables, bool keepUnknown)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variables);
        if (!template.Contains("{{", StringComparison.Ordinal)) return template;
        return Placeholder().Replace(template, match =>
            variables.TryGetValue(match.Groups[1].Value, out var value) ? value : keepUnknown ? match.Value : "");
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Whitespace();
}

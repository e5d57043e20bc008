// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;

namespace Switchboard.Speech;

/// <summary>
/// Recognition hints carried in <see cref="SpeechToTextOptions.AdditionalProperties"/>: the agent's boosted keywords
/// and the current flow node's expected phrases; and the key under which providers report the hints they heard.
/// </summary>
/// <remarks>Stateless and thread-safe. Values are a <see cref="string"/> or an <see cref="IEnumerable{T}"/> of them.</remarks>
public static class SpeechHints
{
    /// <summary>Key of the agent's boosted keywords.</summary>
    public const string KeywordsKey = "switchboard.keywords";

    /// <summary>Key of the current flow node's expected phrases.</summary>
    public const string ExpectedPhrasesKey = "switchboard.expectedPhrases";

    /// <summary>Key, on a final <see cref="SpeechToTextResponseUpdate"/>, of the hint phrases detected (a <c>string[]</c>).</summary>
    public const string DetectedKey = "switchboard.detectedHints";

    /// <summary>Stores <paramref name="keywords"/> in <paramref name="options"/> and returns it.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static SpeechToTextOptions WithKeywords(this SpeechToTextOptions options, IEnumerable<string> keywords) =>
        Set(options, KeywordsKey, keywords);

    /// <summary>Stores <paramref name="phrases"/> in <paramref name="options"/> and returns it.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static SpeechToTextOptions WithExpectedPhrases(this SpeechToTextOptions options, IEnumerable<string> phrases) =>
        Set(options, ExpectedPhrasesKey, phrases);

    /// <summary>The hint phrases a final update reports as detected; empty when none.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is null.</exception>
    public static IReadOnlyList<string> Detected(SpeechToTextResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.TryGetValue(DetectedKey, out object? value) == true && value is string[] found ? found : [];
    }

    /// <summary>All hint phrases in <paramref name="options"/>, in order, keywords first.</summary>
    internal static List<string> Read(SpeechToTextOptions? options)
    {
        var result = new List<string>();
        if (options?.AdditionalProperties is { } properties)
        {
            foreach (string key in new[] { KeywordsKey, ExpectedPhrasesKey })
            {
                if (properties.TryGetValue(key, out object? value) && value is not null)
                {
                    if (value is string single)
                    {
                        result.Add(single);
                    }
                    else if (value is not IEnumerable<string> phrases)
                    {
                        throw new ArgumentException($"Hint '{key}' must be a string or a sequence of strings, not {value.GetType().Name}.", nameof(options));
                    }
                    else
                    {
                        result.AddRange(phrases);
                    }
                }
            }
        }

        return result;
    }

    private static SpeechToTextOptions Set(SpeechToTextOptions options, string key, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(values);
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[key] = values.ToArray();
        return options;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Switchboard.ControlPlane.Functions.Http;

/// <summary>
/// The small JSONPath subset response mappings use: <c>$</c>, then any of <c>.name</c> (letters, digits, <c>_</c>,
/// <c>-</c>), <c>['any name']</c> or <c>["any name"]</c>, and <c>[N]</c> (a zero-based index). No wildcards, filters,
/// slices or recursive descent: a mapping names exactly one value. Immutable and thread-safe.
/// </summary>
internal sealed class JsonPath
{
    public const int MaxLength = 256;
    public const int MaxSteps = 32;

    private JsonPath(string text, IReadOnlyList<JsonPathStep> steps)
    {
        Text = text;
        Steps = steps;
    }

    public string Text { get; }
    public IReadOnlyList<JsonPathStep> Steps { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out JsonPath? path, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        path = null;
        if (text.Length is 0 or > MaxLength || text[0] != '$')
        {
            error = $"A path starts with '$' and is at most {MaxLength} characters, e.g. $.data.items[0].id.";
            return false;
        }
        var steps = new List<JsonPathStep>();
        var i = 1;
        while (i < text.Length)
        {
            if (steps.Count == MaxSteps)
            {
                error = $"A path has at most {MaxSteps} steps.";
                return false;
            }
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && IsNameChar(text[i])) i++;
                if (i == start)
                {
                    error = $"Expected a property name after '.' at position {start}; use ['…'] for other characters.";
                    return false;
                }
                steps.Add(new JsonPathStep(text[start..i], 0));
            }
            else if (text[i] == '[' && i + 1 < text.Length && text[i + 1] is '\'' or '"')
            {
                var quote = text[i + 1];
                var end = text.IndexOf(quote, i + 2);
                if (end < 0 || end + 1 >= text.Length || text[end + 1] != ']')
                {
                    error = $"The quoted name at position {i} is not closed with {quote}].";
                    return false;
                }
                steps.Add(new JsonPathStep(text[(i + 2)..end], 0));
                i = end + 2;
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0 || !int.TryParse(text.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    error = $"Expected [N] (a non-negative index) or ['name'] at position {i}; wildcards, filters and slices are not supported.";
                    return false;
                }
                steps.Add(new JsonPathStep(null, index));
                i = end + 1;
            }
            else
            {
                error = $"Unexpected '{text[i]}' at position {i}: after '$' come .name, ['name'] or [N] steps.";
                return false;
            }
        }
        path = new JsonPath(text, steps);
        error = null;
        return true;
    }

    /// <summary>A copy of the value the path names, or null when any step is missing (or the value is JSON null).</summary>
    public JsonNode? Evaluate(JsonNode? root)
    {
        var node = root;
        foreach (var step in Steps)
        {
            node = step.Property is { } name
                ? node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null
                : node is JsonArray array && step.Index < array.Count ? array[step.Index] : null;
            if (node is null) return null;
        }
        return node?.DeepClone();
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}

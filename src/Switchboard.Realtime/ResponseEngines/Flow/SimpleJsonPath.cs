using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// The small JSON path subset a <c>function</c> node maps results with: <c>$</c>, then <c>.name</c> and <c>[index]</c>
/// steps (<c>$.slots[0].time</c>). Enough to pick a field out of a tool's answer without a query language. Immutable.
/// </summary>
internal sealed class SimpleJsonPath
{
    // A step is a property name (Index < 0) or an array index.
    private readonly (string? Name, int Index)[] _steps;

    private SimpleJsonPath(string text, (string? Name, int Index)[] steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out SimpleJsonPath? path, out string error)
    {
        path = null;
        error = "";
        if (string.IsNullOrEmpty(text) || text[0] != '$')
        {
            error = "A result path starts with '$' (e.g. \"$.id\" or \"$.slots[0].time\").";
            return false;
        }

        var steps = new List<(string?, int)>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] is not ('.' or '[')) i++;
                if (i == start)
                {
                    error = $"Empty property name at position {start} of '{text}'.";
                    return false;
                }
                steps.Add((text[start..i], -1));
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    error = $"'[' at position {i} of '{text}' must hold an array index such as [0].";
                    return false;
                }
                steps.Add((null, index));
                i = close + 1;
            }
            else
            {
                error = $"Unexpected '{text[i]}' at position {i} of '{text}': use .name or [index].";
                return false;
            }
        }

        path = new SimpleJsonPath(text, [.. steps]);
        return true;
    }

    /// <summary>The value at this path as text (strings unquoted, other values as JSON), or null when absent or null.</summary>
    public string? Evaluate(JsonElement root)
    {
        var current = root;
        foreach (var (name, index) in _steps)
        {
            if (name is not null)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
            }
            else
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength()) return null;
                current = current[index];
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => current.GetRawText(),
        };
    }
}

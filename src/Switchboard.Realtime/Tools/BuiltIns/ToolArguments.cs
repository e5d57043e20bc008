using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Switchboard.Realtime.Tools.BuiltIns;

/// <summary>
/// Reads a tool's JSON arguments. Models sometimes send no arguments at all, or <c>null</c>, for a tool whose
/// arguments are all optional, so both read as "absent" rather than as an error.
/// </summary>
internal static class ToolArguments
{
    public static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Reads an optional string argument. Returns false with an error message the model can act on when the
    /// arguments are not an object or the value is not a string.
    /// </summary>
    public static bool TryGetOptionalString(JsonElement arguments, string name, out string? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (arguments.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return true;
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            error = $"Arguments must be a JSON object, not {arguments.ValueKind}.";
            return false;
        }

        if (!arguments.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null) return true;
        if (property.ValueKind != JsonValueKind.String)
        {
            error = $"Argument '{name}' must be a string, not {property.ValueKind}.";
            return false;
        }

        var text = property.GetString()!.Trim();
        value = text.Length == 0 ? null : text;
        return true;
    }

    /// <summary>Reads a required, non-empty string argument.</summary>
    public static bool TryGetRequiredString(JsonElement arguments, string name, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        if (!TryGetOptionalString(arguments, name, out value, out error)) return false;
        if (value is not null) return true;
        error = $"Argument '{name}' is required.";
        return false;
    }

    /// <summary>
    /// Relaxed escaping: the text goes to a model, not into HTML, and "+02:00" reads better than "\u002B02:00".
    /// </summary>
    private static readonly JsonSerializerOptions ResultOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Serializes a small result object as the JSON text the model reads.</summary>
    public static string Json(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values, ResultOptions);
}

using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// Fills <c>{{variable}}</c> placeholders. An unknown variable becomes empty text, so a missing value never makes the
/// agent read out braces.
/// </summary>
internal static partial class FlowTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, string> variables)
    {
        if (!template.Contains("{{", StringComparison.Ordinal)) return template;
        return Placeholder().Replace(template, m => variables.TryGetValue(m.Groups[1].Value, out var v) ? v : "");
    }

    /// <summary>Renders every string inside a JSON value (a <c>function</c> node's arguments), keeping its shape.</summary>
    public static JsonElement RenderJson(JsonElement value, IReadOnlyDictionary<string, string> variables)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, variables);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public static IEnumerable<string> VariableNames(string template)
    {
        foreach (Match m in Placeholder().Matches(template)) yield return m.Groups[1].Value;
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value, IReadOnlyDictionary<string, string> variables)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, variables);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray()) Write(writer, item, variables);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(Render(value.GetString()!, variables));
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

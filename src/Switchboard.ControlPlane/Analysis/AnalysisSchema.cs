using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.ControlPlane.Agents;

namespace Switchboard.ControlPlane.Analysis;

/// <summary>
/// The JSON Schema the model must answer with — <c>{"summary": string, "fields": {one property per analysis field}}</c> —
/// and the check of an answer against the field types. Every field is required but may be null, so the model never has to
/// invent a value the call did not settle. Stateless, thread-safe.
/// </summary>
internal static class AnalysisSchema
{
    public static JsonElement Build(IReadOnlyList<PostCallAnalysisField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var f in fields)
        {
            var property = f.Type switch
            {
                "number" => new JsonObject { ["type"] = new JsonArray("number", "null") },
                "boolean" => new JsonObject { ["type"] = new JsonArray("boolean", "null") },
                "enum" => new JsonObject
                {
                    ["type"] = new JsonArray("string", "null"),
                    ["enum"] = new JsonArray([.. (f.Choices ?? []).Select(c => (JsonNode?)JsonValue.Create(c)), null]),
                },
                _ => new JsonObject { ["type"] = new JsonArray("string", "null") },
            };
            if (!string.IsNullOrEmpty(f.Description)) property["description"] = f.Description;
            properties[f.Name!] = property;
            required.Add(f.Name);
        }
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["summary"] = new JsonObject { ["type"] = "string", ["description"] = "What happened on the call, in one to three sentences." },
                ["fields"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = properties,
                    ["required"] = required,
                    ["additionalProperties"] = false,
                },
            },
            ["required"] = new JsonArray("summary", "fields"),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    /// <summary>Reads the model's answer; the fields come back in configuration order, serialized.</summary>
    /// <exception cref="AnalysisAnswerException">Not JSON, not the schema's shape, or a value of the wrong type.</exception>
    public static (string Summary, string Fields) Read(string? answer, IReadOnlyList<PostCallAnalysisField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var text = StripFence(answer);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new AnalysisAnswerException("The model's answer is not JSON: " + ex.Message);
        }
        if (root is not JsonObject obj) throw new AnalysisAnswerException("The model's answer is not a JSON object.");
        if (obj["summary"] is not JsonValue s || s.GetValueKind() != JsonValueKind.String)
            throw new AnalysisAnswerException("The model's answer has no string 'summary'.");
        var values = obj["fields"] as JsonObject;
        if (values is null && fields.Count > 0) throw new AnalysisAnswerException("The model's answer has no object 'fields'.");

        var result = new JsonObject();
        foreach (var f in fields)
        {
            var value = values![f.Name!];
            result[f.Name!] = value is null ? null : Check(f, value);
        }
        return (s.GetValue<string>(), result.ToJsonString());
    }

    /// <summary>The stored value of an analysis that had nothing to analyse: every field null.</summary>
    public static string Empty(IReadOnlyList<PostCallAnalysisField> fields)
    {
        var result = new JsonObject();
        foreach (var f in fields) result[f.Name!] = null;
        return result.ToJsonString();
    }

    private static JsonNode Check(PostCallAnalysisField f, JsonNode value)
    {
        var kind = value.GetValueKind();
        switch (f.Type)
        {
            case "number" when kind == JsonValueKind.Number:
            case "boolean" when kind is JsonValueKind.True or JsonValueKind.False:
            case "string" when kind == JsonValueKind.String:
                return value.DeepClone();
            case "enum" when kind == JsonValueKind.String:
                var choice = value.GetValue<string>();
                foreach (var c in f.Choices ?? [])
                {
                    if (string.Equals(c, choice, StringComparison.Ordinal)) return value.DeepClone();
                }
                throw new AnalysisAnswerException($"Field '{f.Name}': '{Cut(choice)}' is not one of the choices ({string.Join(", ", f.Choices ?? [])}).");
            default:
                throw new AnalysisAnswerException(string.Create(CultureInfo.InvariantCulture,
                    $"Field '{f.Name}' must be {(f.Type == "enum" ? "one of the choices" : "a " + f.Type)} or null, not {kind.ToString().ToLowerInvariant()} {Cut(value.ToJsonString())}."));
        }
    }

    /// <summary>Some models wrap JSON in a Markdown code fence even when asked not to.</summary>
    private static string StripFence(string? answer)
    {
        var text = (answer ?? "").Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal)) return text;
        var firstLine = text.IndexOf('\n');
        var end = text.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine < 0 || end <= firstLine ? text : text[(firstLine + 1)..end].Trim();
    }

    private static string Cut(string s) => s.Length <= 80 ? s : s[..80] + "…";
}

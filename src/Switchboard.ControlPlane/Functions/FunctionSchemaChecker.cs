using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using NJsonSchema;

namespace Switchboard.ControlPlane.Functions;

/// <summary>
/// Checks a parameters schema when it is saved and compiles it for argument validation.
/// NJsonSchema 11 validates with draft 4/6/7 semantics and keeps <c>$schema</c> only as a label, so a
/// 2020-12 schema is accepted when it sticks to keywords that mean the same in draft 7 and 2020-12 and that
/// NJsonSchema enforces; anything else (<c>$ref</c>, <c>$defs</c>, <c>const</c>, <c>prefixItems</c>,
/// <c>if/then/else</c>, <c>unevaluatedProperties</c>, ...) is refused by name, because a keyword silently
/// ignored would let arguments through that the author meant to stop.
/// </summary>
internal static class FunctionSchemaChecker
{
    public const int MaxSchemaBytes = 64 * 1024;
    private const int MaxDepth = 16;

    public static readonly IReadOnlySet<string> AcceptedDialects = new HashSet<string>(StringComparer.Ordinal)
    {
        "https://json-schema.org/draft/2020-12/schema",
        "http://json-schema.org/draft-07/schema#",
        "http://json-schema.org/draft-07/schema",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "type", "enum", "properties", "required", "additionalProperties", "patternProperties", "items",
        "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "format",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minProperties", "maxProperties",
        "anyOf", "oneOf", "allOf", "not",
        "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "$comment",
    };

    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
        { "object", "array", "string", "number", "integer", "boolean", "null" };

    private static readonly ConcurrentDictionary<string, JsonSchema> Compiled = new(StringComparer.Ordinal);

    /// <summary>Every problem of <paramref name="schema"/>, keyed by field path under <paramref name="at"/>.</summary>
    public static async Task CheckAsync(JsonElement schema, string at, Action<string, string> error)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            error(at, "parameters must be a JSON Schema object.");
            return;
        }
        if (schema.GetRawText().Length > MaxSchemaBytes)
        {
            error(at, $"parameters must be at most {MaxSchemaBytes / 1024} KB.");
            return;
        }
        if (!schema.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object")
            error(at + ".type", "The root of parameters must have \"type\": \"object\" (tool arguments are an object).");
        if (schema.TryGetProperty("$schema", out var dialect)
            && (dialect.ValueKind != JsonValueKind.String || !AcceptedDialects.Contains(dialect.GetString()!)))
            error(at + ".$schema", "$schema must be omitted or name draft 2020-12 (https://json-schema.org/draft/2020-12/schema) or draft-07.");

        var count = 0;
        void Counting(string f, string m) { count++; error(f, m); }
        CheckNode(schema, at, 0, root: true, Counting);
        // Only a schema that passed the keyword check is handed to the loader.
        if (count > 0) return;

        try
        {
            _ = await CompileAsync(schema.GetRawText());
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            error(at, "parameters is not a schema the validator can load: " + ex.Message);
        }
    }

    /// <summary>The compiled validator for a checked schema; shared, read-only, cached by text.</summary>
    public static async ValueTask<JsonSchema> CompileAsync(string schemaJson)
    {
        if (Compiled.TryGetValue(schemaJson, out var cached)) return cached;
        // The checker refused every $ref before a schema gets here, so loading fetches nothing.
        var schema = await JsonSchema.FromJsonAsync(schemaJson);
        if (Compiled.Count > 1024) Compiled.Clear();
        Compiled.TryAdd(schemaJson, schema);
        return schema;
    }

    private static void CheckNode(JsonElement node, string at, int depth, bool root, Action<string, string> error)
    {
        if (depth > MaxDepth)
        {
            error(at, $"The schema is nested deeper than {MaxDepth} levels.");
            return;
        }
        if (node.ValueKind != JsonValueKind.Object)
        {
            error(at, "A schema here must be a JSON object.");
            return;
        }
        foreach (var p in node.EnumerateObject())
        {
            var path = at + "." + p.Name;
            if (p.Name == "$schema" && root) continue;
            if (!Keywords.Contains(p.Name))
            {
                error(path, $"The keyword '{p.Name}' is not supported (supported: {string.Join(", ", Keywords.Order(StringComparer.Ordinal))}).");
                continue;
            }
            CheckKeyword(p.Name, p.Value, path, depth, error);
        }
    }

    private static void CheckKeyword(string keyword, JsonElement value, string path, int depth, Action<string, string> error)
    {
        switch (keyword)
        {
            case "type":
                if (value.ValueKind == JsonValueKind.String ? !Types.Contains(value.GetString()!)
                    : value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0
                      || value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String || !Types.Contains(t.GetString()!)))
                    error(path, "type must be one of object, array, string, number, integer, boolean, null (or a list of them).");
                break;
            case "properties" or "patternProperties":
                if (value.ValueKind != JsonValueKind.Object) { error(path, keyword + " must be an object of schemas."); break; }
                foreach (var p in value.EnumerateObject())
                {
                    if (keyword == "patternProperties") CheckPattern(p.Name, path, error);
                    CheckNode(p.Value, path + "." + p.Name, depth + 1, root: false, error);
                }
                break;
            case "additionalProperties":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) CheckNode(value, path, depth + 1, root: false, error);
                break;
            case "items":
                if (value.ValueKind == JsonValueKind.Array) error(path, "items must be one schema; tuple forms (prefixItems) are not supported.");
                else CheckNode(value, path, depth + 1, root: false, error);
                break;
            case "not":
                CheckNode(value, path, depth + 1, root: false, error);
                break;
            case "anyOf" or "oneOf" or "allOf":
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0) { error(path, keyword + " must be a non-empty array of schemas."); break; }
                var i = 0;
                foreach (var item in value.EnumerateArray()) CheckNode(item, $"{path}[{i++}]", depth + 1, root: false, error);
                break;
            case "required":
                if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
                    error(path, "required must be an array of property names.");
                break;
            case "enum" or "examples":
                if (value.ValueKind != JsonValueKind.Array || (keyword == "enum" && value.GetArrayLength() == 0))
                    error(path, keyword + " must be a non-empty array.");
                break;
            case "minItems" or "maxItems" or "minLength" or "maxLength" or "minProperties" or "maxProperties":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n) || n < 0)
                    error(path, keyword + " must be a non-negative integer.");
                break;
            case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" or "multipleOf":
                // Draft 4's boolean exclusiveMinimum means something else in 2020-12: only the numeric form is taken.
                if (value.ValueKind != JsonValueKind.Number) error(path, keyword + " must be a number.");
                else if (keyword == "multipleOf" && value.GetDouble() <= 0) error(path, "multipleOf must be greater than 0.");
                break;
            case "uniqueItems" or "deprecated" or "readOnly" or "writeOnly":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) error(path, keyword + " must be true or false.");
                break;
            case "pattern":
                if (value.ValueKind != JsonValueKind.String) error(path, "pattern must be a string.");
                else CheckPattern(value.GetString()!, path, error);
                break;
            case "title" or "description" or "format" or "$comment":
                if (value.ValueKind != JsonValueKind.String) error(path, keyword + " must be a string.");
                break;
        }
    }

    private static void CheckPattern(string pattern, string path, Action<string, string> error)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            error(path, $"'{pattern}' is not a valid regular expression.");
        }
    }
}

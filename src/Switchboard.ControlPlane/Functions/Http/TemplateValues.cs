using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.ControlPlane.Functions.Http;

/// <summary>
/// What placeholders resolve to for one execution. <c>{{name}}</c> is the argument when the function's schema
/// declares a property of that name (even if the LLM left it out), otherwise the call's dynamic variable: an
/// argument the schema does not declare can never stand in for a variable the operator set. Missing values are
/// empty text (JSON null for a whole body value). Every secret value handed out is recorded in
/// <see cref="Revealed"/> so the caller can mask it. Not thread-safe: one per execution.
/// </summary>
internal sealed class TemplateValues(
    JsonElement arguments,
    IReadOnlySet<string> declaredArguments,
    IReadOnlyDictionary<string, string>? variables,
    IReadOnlyDictionary<string, string> secrets,
    ICollection<string> revealed)
{
    public ICollection<string> Revealed => revealed;

    /// <summary>The value as text (the caller encodes it for where it goes).</summary>
    /// <exception cref="FunctionFailedException">A secret the template names does not exist (any more).</exception>
    public string Text(TemplateSegment segment)
    {
        if (segment.Kind == TemplateSegmentKind.Secret) return Secret(segment.Text);
        if (Argument(segment.Text) is { } argument)
        {
            return argument.ValueKind switch
            {
                JsonValueKind.String => argument.GetString()!,
                JsonValueKind.Null => "",
                // Numbers and booleans as JSON writes them; objects and arrays as compact JSON.
                _ => argument.GetRawText(),
            };
        }
        return !declaredArguments.Contains(segment.Text) && variables is not null && variables.TryGetValue(segment.Text, out var variable)
            ? variable
            : "";
    }

    /// <summary>The value as JSON: an argument keeps its JSON type; a variable is a string; missing is null.</summary>
    public JsonNode? Json(TemplateSegment segment)
    {
        if (Argument(segment.Text) is { } argument) return JsonNode.Parse(argument.GetRawText());
        return !declaredArguments.Contains(segment.Text) && variables is not null && variables.TryGetValue(segment.Text, out var variable)
            ? JsonValue.Create(variable)
            : null;
    }

    private JsonElement? Argument(string name) =>
        declaredArguments.Contains(name) && arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var value)
            ? value
            : null;

    private string Secret(string name)
    {
        if (!secrets.TryGetValue(name, out var value))
            throw new FunctionFailedException(FunctionErrorCodes.SecretNotFound,
                $"The secret '{name}' does not exist in this organization; create it with POST /api/v1/secrets.");
        revealed.Add(value);
        return value;
    }
}

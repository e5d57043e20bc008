using System.Text.Json;
using Switchboard.Realtime.ResponseEngines.Ivr;

namespace Switchboard.ControlPlane.Ivr;

/// <summary>
/// Checks a complete menu request. Shape problems (name, description, a missing definition) and problems inside the
/// menu document are reported separately: the first are a 400 like every other API field, the second a 422 keyed
/// <c>definition.&lt;path&gt;</c>, since the document is well-formed JSON whose content cannot be run.
/// </summary>
internal static class IvrMenuRequestValidator
{
    public const int MaxDefinitionLength = 256 * 1024;

    public static Dictionary<string, string[]> ValidateShape(IvrMenuRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["name is required."];
        else if (request.Name.Length > 200) errors["name"] = ["name must be at most 200 characters."];
        if (request.Description is { Length: > 2000 }) errors["description"] = ["description must be at most 2000 characters."];
        if (request.Definition is not { } definition || definition.ValueKind == JsonValueKind.Null)
            errors["definition"] = ["definition is required: the menu document { \"prompt\", \"options\", ... } (see docs/ivr.md)."];
        else if (definition.GetRawText().Length > MaxDefinitionLength)
            errors["definition"] = [$"definition must be at most {MaxDefinitionLength / 1024} KB."];
        return errors;
    }

    public static Dictionary<string, string[]> ValidateDefinition(JsonElement definition)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var error in IvrMenuValidator.Validate(definition))
        {
            var key = error.Path.Length == 0 ? "definition" : "definition." + error.Path;
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.Add(error.Message);
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}

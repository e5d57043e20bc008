using System.Text.Json;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>Reads and checks one condition of a <c>branch</c> node for <see cref="FlowNodeReader"/>.</summary>
internal sealed class FlowConditionReader(FlowReader reader, JsonElement element, string at)
{
    public FlowCondition? Read()
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            reader.Error(at, "A condition must be an object such as { \"variable\": \"x\", \"equals\": \"y\", \"next\": \"node\" }.");
            return null;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (!FlowNodeReader.ConditionFieldNames.Contains(property.Name))
                reader.Error($"{at}.{property.Name}", $"Unknown field '{property.Name}' in a condition; operators are {string.Join(", ", FlowNodeReader.OperatorNames)}.");
        }

        var next = Text("next");
        if (next is null) reader.Error($"{at}.next", "next is required: the node to go to when this condition holds.");

        var present = FlowNodeReader.OperatorNames.Where(o => element.TryGetProperty(o, out _)).ToList();
        if (present.Count != 1)
        {
            reader.Error(at, present.Count == 0
                ? $"A condition needs one operator: {string.Join(", ", FlowNodeReader.OperatorNames)}."
                : $"A condition has exactly one operator; this one has {string.Join(", ", present)}.");
            return null;
        }

        var op = present[0];
        var variable = Text("variable");
        var needsVariable = op is "equals" or "contains" or "regex" or "in" or "exists";
        if (needsVariable && variable is null) reader.Error($"{at}.variable", $"The '{op}' operator compares a variable: set variable.");
        if (!needsVariable && element.TryGetProperty("variable", out _))
            reader.Error($"{at}.variable", $"The '{op}' operator looks at the caller's last turn, not a variable; remove variable.");
        if (variable is not null && !FlowReader.IsIdentifier(variable))
            reader.Error($"{at}.variable", "variable must be a name of letters, digits and _ (starting with a letter or _).");

        var path = $"{at}.{op}";
        var value = element.GetProperty(op);
        FlowCondition Make(FlowConditionKind kind, string? operand = null, IReadOnlyList<string>? values = null, bool exists = true, System.Text.RegularExpressions.Regex? regex = null) =>
            new(kind, variable, operand, values ?? [], regex, exists, next ?? "");

        switch (op)
        {
            case "equals" or "contains":
                if (value.ValueKind != JsonValueKind.String) { reader.Error(path, $"{op} must be a string."); return null; }
                return Make(op == "equals" ? FlowConditionKind.Equals : FlowConditionKind.Contains, value.GetString());
            case "regex":
                if (value.ValueKind != JsonValueKind.String) { reader.Error(path, "regex must be a string."); return null; }
                var regex = FlowNodeReader.CompileRegex(value.GetString()!, out var error);
                if (regex is null) { reader.Error(path, $"Invalid regular expression: {error}"); return null; }
                return Make(FlowConditionKind.Regex, value.GetString(), regex: regex);
            case "in" or "keywords":
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0
                    || value.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(x.GetString())))
                {
                    reader.Error(path, $"{op} must be a non-empty array of non-empty strings.");
                    return null;
                }
                return Make(op == "in" ? FlowConditionKind.In : FlowConditionKind.Keywords, values: [.. value.EnumerateArray().Select(x => x.GetString()!)]);
            case "exists":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) { reader.Error(path, "exists must be true or false."); return null; }
                return Make(FlowConditionKind.Exists, exists: value.GetBoolean());
            case "digits":
                if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } digits || !digits.All(FlowNodeReader.IsKey))
                {
                    reader.Error(path, "digits must be keypad keys (0-9, *, #), e.g. \"1\".");
                    return null;
                }
                return Make(FlowConditionKind.Digits, digits);
            default: // llm_condition
                if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                {
                    reader.Error(path, "llm_condition must be a non-empty question about the conversation.");
                    return null;
                }
                if (!reader.LlmAvailable)
                {
                    reader.Error(path, "llm_condition needs the agent to have an LLM (response_engine.model); this flow has none.");
                    return null;
                }
                return Make(FlowConditionKind.Llm, value.GetString());
        }
    }

    private string? Text(string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;
}

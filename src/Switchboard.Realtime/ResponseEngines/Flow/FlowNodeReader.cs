using System.Text.Json;
using System.Text.RegularExpressions;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>Reads and checks one node of a flow document for <see cref="FlowReader"/>; not reusable across nodes.</summary>
internal sealed class FlowNodeReader(FlowReader reader, JsonElement element, string at)
{
    private static readonly Dictionary<string, FlowNodeKind> Kinds = new(StringComparer.Ordinal)
    {
        ["say"] = FlowNodeKind.Say, ["ask"] = FlowNodeKind.Ask, ["branch"] = FlowNodeKind.Branch,
        ["function"] = FlowNodeKind.Function, ["transfer"] = FlowNodeKind.Transfer, ["end"] = FlowNodeKind.End,
    };

    private static readonly Dictionary<FlowNodeKind, HashSet<string>> Fields = new()
    {
        [FlowNodeKind.Say] = ["text", "next", "set"],
        [FlowNodeKind.Ask] =
        [
            "prompt", "variable", "input", "max_digits", "finish_on_key", "expected", "choices", "value_type", "allowed_values",
            "retries", "no_input_prompt", "no_match_prompt", "next", "on_failure",
        ],
        [FlowNodeKind.Branch] = ["conditions", "default"],
        [FlowNodeKind.Function] = ["tool", "arguments", "result", "next", "on_error"],
        [FlowNodeKind.Transfer] = ["target", "text", "mode", "summary", "on_failure"],
        [FlowNodeKind.End] = ["text"],
    };

    private static readonly Dictionary<string, AskValueType> ValueTypes = new(StringComparer.Ordinal)
    {
        ["free_text"] = AskValueType.FreeText, ["day_of_week"] = AskValueType.DayOfWeek, ["number"] = AskValueType.Number,
        ["yes_no"] = AskValueType.YesNo, ["name"] = AskValueType.Name,
    };

    private static readonly string[] Operators = ["equals", "contains", "regex", "in", "exists", "digits", "keywords", "llm_condition"];

    private static readonly HashSet<string> ConditionFields = [.. Operators, "variable", "next", "description"];

    public FlowNode? Read()
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            reader.Error(at, "A node must be a JSON object with at least id and type.");
            return null;
        }

        var id = String("id", required: true);
        if (id is not null && !FlowReader.IsNodeId(id))
            reader.Error($"{at}.id", "A node id is 1 to 64 letters, digits, '_', '-' or '.', starting with a letter, digit or '_'.");
        var typeName = String("type", required: true);
        if (typeName is null) return null;
        if (!Kinds.TryGetValue(typeName, out var kind))
        {
            reader.Error($"{at}.type", $"Unknown node type '{typeName}'; type must be one of say, ask, branch, function, transfer, end.");
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is "id" or "type" or "description") continue;
            if (!Fields[kind].Contains(property.Name))
                reader.Error($"{at}.{property.Name}", $"Unknown field '{property.Name}' for a {typeName} node; it takes {string.Join(", ", Fields[kind])}.");
        }

        var node = kind switch
        {
            FlowNodeKind.Say => new FlowNode { Id = id ?? "", Kind = kind, Text = String("text", true), Next = String("next", true), Set = ReadSet() },
            FlowNodeKind.Ask => ReadAsk(id ?? ""),
            FlowNodeKind.Branch => ReadBranch(id ?? ""),
            FlowNodeKind.Function => ReadFunction(id ?? ""),
            FlowNodeKind.Transfer => ReadTransfer(id ?? ""),
            _ => new FlowNode { Id = id ?? "", Kind = kind, Text = String("text", false) },
        };
        return id is null ? null : node;
    }

    private FlowNode ReadTransfer(string id)
    {
        var mode = String("mode", false) ?? Transports.TransferModes.Cold;
        if (mode is not (Transports.TransferModes.Cold or Transports.TransferModes.Warm))
            reader.Error($"{at}.mode", "mode must be 'cold' (hand the caller over) or 'warm' (brief the person who answers first).");
        var summary = String("summary", false);
        if (summary is not null && mode != Transports.TransferModes.Warm)
            reader.Error($"{at}.summary", "summary is what a warm transfer tells the person who answers; set mode to 'warm' or remove it.");
        return new FlowNode
        {
            Id = id, Kind = FlowNodeKind.Transfer, Target = String("target", true), Text = String("text", false),
            TransferMode = mode, Summary = summary, OnFailure = String("on_failure", false),
        };
    }

    private FlowNode ReadAsk(string id)
    {
        var variable = String("variable", required: true);
        if (variable is not null && !FlowReader.IsIdentifier(variable))
            reader.Error($"{at}.variable", "variable must be a name of letters, digits and _ (starting with a letter or _), at most 64 characters.");

        var input = AskInputMode.Both;
        if (String("input", false) is { } inputName)
        {
            input = inputName switch { "speech" => AskInputMode.Speech, "digits" => AskInputMode.Digits, "both" => AskInputMode.Both, _ => input };
            if (inputName is not ("speech" or "digits" or "both")) reader.Error($"{at}.input", "input must be 'speech', 'digits' or 'both'.");
        }

        var maxDigits = Int("max_digits", 1, FlowDefaults.MaxDigitsLimit);
        char? finishOnKey = null;
        if (String("finish_on_key", false) is { } key)
        {
            if (key.Length == 1 && IsKey(key[0])) finishOnKey = key[0];
            else reader.Error($"{at}.finish_on_key", "finish_on_key must be a single keypad key: 0-9, * or #.");
        }
        if (input == AskInputMode.Speech && (maxDigits is not null || finishOnKey is not null))
            reader.Error($"{at}.input", "max_digits and finish_on_key need input 'digits' or 'both'.");

        var expected = StringList("expected");
        var choices = ReadChoices(input);
        var valueType = AskValueType.FreeText;
        if (String("value_type", false) is { } typeName)
        {
            if (ValueTypes.TryGetValue(typeName, out var t)) valueType = t;
            else reader.Error($"{at}.value_type", "value_type must be one of day_of_week, number, yes_no, name, free_text.");
        }
        var given = (expected is not null ? 1 : 0) + (choices is not null ? 1 : 0) + (element.TryGetProperty("value_type", out _) ? 1 : 0);
        if (given > 1) reader.Error(at, "Use only one of expected, choices and value_type to say what the answer may be.");
        if (expected is not null) valueType = AskValueType.Expected;
        if (choices is not null) valueType = AskValueType.Choices;

        if (input == AskInputMode.Digits && valueType == AskValueType.Expected)
            reader.Error($"{at}.expected", "expected phrases are spoken; with input 'digits' use choices with a digit each.");
        if (input == AskInputMode.Digits && valueType == AskValueType.Name)
            reader.Error($"{at}.value_type", "A name cannot be entered on the keypad; use input 'speech'.");

        var allowed = StringList("allowed_values");
        if (allowed is not null && valueType is AskValueType.Expected or AskValueType.Choices)
            reader.Error($"{at}.allowed_values", "allowed_values applies to a value_type; expected and choices already list the answers.");

        return new FlowNode
        {
            Id = id,
            Kind = FlowNodeKind.Ask,
            Prompt = String("prompt", true),
            Variable = variable,
            Input = input,
            MaxDigits = maxDigits,
            FinishOnKey = finishOnKey,
            ValueType = valueType,
            Expected = expected ?? [],
            Choices = choices ?? [],
            AllowedValues = allowed ?? [],
            Retries = Int("retries", 0, FlowDefaults.MaxRetries) ?? FlowDefaults.Retries,
            NoInputPrompt = String("no_input_prompt", false),
            NoMatchPrompt = String("no_match_prompt", false),
            Next = String("next", true),
            OnFailure = String("on_failure", false),
        };
    }

    private List<FlowChoice>? ReadChoices(AskInputMode input)
    {
        if (!element.TryGetProperty("choices", out var array) || array.ValueKind == JsonValueKind.Null) return null;
        var path = $"{at}.choices";
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            reader.Error(path, "choices must be a non-empty array of { \"value\", \"synonyms\"?, \"digit\"? }.");
            return [];
        }

        var choices = new List<FlowChoice>();
        var digits = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{path}[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                reader.Error(itemPath, "A choice must be an object: { \"value\", \"synonyms\"?, \"digit\"? }.");
                continue;
            }
            foreach (var property in item.EnumerateObject())
            {
                if (property.Name is not ("value" or "synonyms" or "digit"))
                    reader.Error($"{itemPath}.{property.Name}", $"Unknown field '{property.Name}'; a choice has value, synonyms and digit.");
            }

            string? value = null;
            if (item.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())) value = v.GetString()!;
            else reader.Error($"{itemPath}.value", "A choice needs a value (a non-empty string).");

            var synonyms = new List<string>();
            if (item.TryGetProperty("synonyms", out var s))
            {
                if (s.ValueKind != JsonValueKind.Array || s.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(x.GetString())))
                    reader.Error($"{itemPath}.synonyms", "synonyms must be an array of non-empty strings.");
                else synonyms.AddRange(s.EnumerateArray().Select(x => x.GetString()!));
            }

            string? digit = null;
            if (item.TryGetProperty("digit", out var d))
            {
                if (d.ValueKind != JsonValueKind.String || d.GetString() is not { Length: > 0 and <= FlowDefaults.MaxDigitsLimit } text || !text.All(IsKey))
                    reader.Error($"{itemPath}.digit", "digit must be keypad keys (0-9, *, #), e.g. \"1\".");
                else if (!digits.Add(text)) reader.Error($"{itemPath}.digit", $"Digit '{text}' is already used by another choice.");
                else digit = text;
                if (input == AskInputMode.Speech) reader.Error($"{itemPath}.digit", "A choice digit needs input 'digits' or 'both'.");
            }
            else if (input == AskInputMode.Digits) reader.Error($"{itemPath}.digit", "With input 'digits' every choice needs a digit.");

            if (value is not null) choices.Add(new FlowChoice(value, synonyms, digit));
        }
        return choices;
    }

    private FlowNode ReadBranch(string id)
    {
        var conditions = new List<FlowCondition>();
        var path = $"{at}.conditions";
        if (!element.TryGetProperty("conditions", out var array) || array.ValueKind != JsonValueKind.Array)
            reader.Error(path, "conditions is required: an ordered array of conditions (it may be empty if default is enough).");
        else
        {
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (new FlowConditionReader(reader, item, $"{path}[{i++}]").Read() is { } condition) conditions.Add(condition);
            }
        }
        return new FlowNode { Id = id, Kind = FlowNodeKind.Branch, Conditions = conditions, Default = String("default", true) };
    }

    private FlowNode ReadFunction(string id)
    {
        JsonElement? arguments = null;
        if (element.TryGetProperty("arguments", out var args) && args.ValueKind != JsonValueKind.Null)
        {
            if (args.ValueKind == JsonValueKind.Object) arguments = args.Clone();
            else reader.Error($"{at}.arguments", "arguments must be a JSON object; its strings may use {{variables}}.");
        }

        var result = new List<FlowResultMapping>();
        if (element.TryGetProperty("result", out var map) && map.ValueKind != JsonValueKind.Null)
        {
            if (map.ValueKind != JsonValueKind.Object) reader.Error($"{at}.result", "result must be an object of variable → JSON path, e.g. { \"booking_id\": \"$.id\" }.");
            else
            {
                foreach (var property in map.EnumerateObject())
                {
                    var path = $"{at}.result.{property.Name}";
                    if (!FlowReader.IsIdentifier(property.Name)) reader.Error(path, "A variable name is letters, digits and _ (starting with a letter or _).");
                    if (property.Value.ValueKind != JsonValueKind.String) reader.Error(path, "A result mapping is a JSON path string such as \"$.id\".");
                    else if (!SimpleJsonPath.TryParse(property.Value.GetString(), out var jsonPath, out var error)) reader.Error(path, error);
                    else result.Add(new FlowResultMapping(property.Name, jsonPath));
                }
            }
        }

        return new FlowNode
        {
            Id = id,
            Kind = FlowNodeKind.Function,
            Tool = String("tool", true),
            Arguments = arguments,
            Result = result,
            Next = String("next", true),
            OnError = String("on_error", false),
        };
    }

    private List<KeyValuePair<string, string>> ReadSet()
    {
        var set = new List<KeyValuePair<string, string>>();
        if (!element.TryGetProperty("set", out var map) || map.ValueKind == JsonValueKind.Null) return set;
        if (map.ValueKind != JsonValueKind.Object)
        {
            reader.Error($"{at}.set", "set must be an object of variable → text (templates allowed).");
            return set;
        }
        foreach (var property in map.EnumerateObject())
        {
            var path = $"{at}.set.{property.Name}";
            if (!FlowReader.IsIdentifier(property.Name)) reader.Error(path, "A variable name is letters, digits and _ (starting with a letter or _).");
            if (property.Value.ValueKind != JsonValueKind.String) reader.Error(path, "A value to set must be a string.");
            else set.Add(new(property.Name, property.Value.GetString()!));
        }
        return set;
    }

    private string? String(string name, bool required)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) reader.Error($"{at}.{name}", $"{name} is required.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            reader.Error($"{at}.{name}", $"{name} must be a non-empty string.");
            return null;
        }
        return value.GetString();
    }

    private int? Int(string name, int min, int max)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= min && n <= max) return n;
        reader.Error($"{at}.{name}", $"{name} must be a whole number from {min} to {max}.");
        return null;
    }

    private List<string>? StringList(string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0
            || value.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(x.GetString())))
        {
            reader.Error($"{at}.{name}", $"{name} must be a non-empty array of non-empty strings.");
            return [];
        }
        return [.. value.EnumerateArray().Select(x => x.GetString()!)];
    }

    internal static bool IsKey(char c) => c is (>= '0' and <= '9') or '*' or '#';

    internal static Regex? CompileRegex(string pattern, out string? error)
    {
        try
        {
            error = null;
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    internal static IReadOnlyList<string> OperatorNames => Operators;

    internal static IReadOnlySet<string> ConditionFieldNames => ConditionFields;
}

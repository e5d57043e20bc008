using System.Text.Json;

namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>
/// Checks an IVR menu document (docs/ivr.md) and names every problem with its path, so an API can report them all at
/// once. Unknown fields are errors: a misspelt <c>timout_ms</c> silently ignored would be worse.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class IvrMenuValidator
{
    /// <summary>The root menu is depth 1; a submenu of a submenu of the root is depth 3.</summary>
    public const int MaxDepth = 5;

    /// <summary>Menus (the root and every submenu) in one document.</summary>
    public const int MaxMenus = 100;

    public const int MaxTextLength = 2000;
    public const int MaxKeywordsPerOption = 20;
    public const int MaxKeywordLength = 100;
    public const int MinTimeoutMs = 1000;
    public const int MaxTimeoutMs = 60_000;
    public const int MaxRetriesLimit = 10;

    /// <summary>The keys a caller can press: 0–9, * and #.</summary>
    public const string Digits = "0123456789*#";

    private static readonly HashSet<string> MenuFields = new(StringComparer.Ordinal)
        { "prompt", "options", "timeout_ms", "max_retries", "timeout_prompt", "invalid_prompt", "on_max_retries" };

    private static readonly HashSet<string> OptionFields = new(StringComparer.Ordinal) { "digit", "keywords", "action" };

    /// <summary>The JSON <c>type</c> of each action and the fields it may carry besides <c>type</c>.</summary>
    private static readonly Dictionary<string, string[]> ActionFields = new(StringComparer.Ordinal)
    {
        ["submenu"] = ["menu"],
        ["agent"] = ["target", "text"],
        ["transfer"] = ["target", "text"],
        ["message"] = ["text", "then"],
        ["hangup"] = ["text"],
        ["repeat"] = [],
        ["back"] = [],
    };

    /// <summary>Validates a whole menu document.</summary>
    /// <returns>Every problem found; empty when the document is valid.</returns>
    public static IReadOnlyList<IvrMenuError> Validate(JsonElement menu)
    {
        var errors = new List<IvrMenuError>();
        var menus = 0;
        ValidateMenu(menu, "", 1, errors, ref menus);
        return errors;
    }

    private static void ValidateMenu(JsonElement menu, string at, int depth, List<IvrMenuError> errors, ref int menus)
    {
        if (menu.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(at, "A menu must be a JSON object with a prompt and options."));
            return;
        }
        if (++menus == MaxMenus + 1) errors.Add(new(at, $"A document may hold at most {MaxMenus} menus."));

        UnknownFields(menu, MenuFields, at, errors);
        RequiredText(menu, "prompt", at, errors);
        OptionalText(menu, "timeout_prompt", at, errors);
        OptionalText(menu, "invalid_prompt", at, errors);
        OptionalInt(menu, "timeout_ms", at, MinTimeoutMs, MaxTimeoutMs, errors);
        OptionalInt(menu, "max_retries", at, 0, MaxRetriesLimit, errors);

        if (menu.TryGetProperty("on_max_retries", out var onMax))
        {
            var path = Join(at, "on_max_retries");
            var type = ValidateAction(onMax, path, depth, errors, ref menus);
            if (type is "submenu" or "repeat" or "back")
                errors.Add(new(path + ".type", "on_max_retries must end the menu: hangup, transfer, agent or message."));
            if (type == "message" && onMax.TryGetProperty("then", out var then) && then.ValueKind == JsonValueKind.String && then.GetString() != "hangup")
                errors.Add(new(path + ".then", "A message after the last retry can only be followed by 'hangup'."));
        }

        if (!menu.TryGetProperty("options", out var options))
        {
            errors.Add(new(Join(at, "options"), "options is required: a list of { \"digit\", \"action\" }."));
            return;
        }
        if (options.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(Join(at, "options"), "options must be a list."));
            return;
        }
        if (options.GetArrayLength() == 0)
            errors.Add(new(Join(at, "options"), "A menu needs at least one option."));

        var digits = new HashSet<char>();
        var keywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var option in options.EnumerateArray())
        {
            ValidateOption(option, $"{Join(at, "options")}[{i}]", depth, digits, keywords, errors, ref menus);
            i++;
        }
    }

    private static void ValidateOption(
        JsonElement option, string at, int depth, HashSet<char> digits, HashSet<string> keywords, List<IvrMenuError> errors, ref int menus)
    {
        if (option.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(at, "An option must be a JSON object: { \"digit\", \"keywords\"?, \"action\" }."));
            return;
        }
        UnknownFields(option, OptionFields, at, errors);

        if (!option.TryGetProperty("digit", out var digit))
        {
            errors.Add(new(at + ".digit", "digit is required: one of 0-9, * or #."));
        }
        else if (digit.ValueKind != JsonValueKind.String || digit.GetString() is not { Length: 1 } d || !Digits.Contains(d[0], StringComparison.Ordinal))
        {
            errors.Add(new(at + ".digit", "digit must be a string holding one of 0-9, * or #."));
        }
        else if (!digits.Add(d[0]))
        {
            errors.Add(new(at + ".digit", $"Digit '{d}' is already used by another option of this menu."));
        }

        if (option.TryGetProperty("keywords", out var words)) ValidateKeywords(words, at + ".keywords", keywords, errors);

        if (!option.TryGetProperty("action", out var action))
        {
            errors.Add(new(at + ".action", "action is required: { \"type\": \"submenu\" | \"agent\" | \"transfer\" | \"message\" | \"hangup\" | \"repeat\" | \"back\", ... }."));
            return;
        }
        var type = ValidateAction(action, at + ".action", depth, errors, ref menus);
        if (type == "back" && depth == 1)
            errors.Add(new(at + ".action.type", "'back' in the root menu has no menu to go back to."));
        if (type == "message" && depth == 1 && action.TryGetProperty("then", out var then) && then.ValueKind == JsonValueKind.String && then.GetString() == "back")
            errors.Add(new(at + ".action.then", "'back' in the root menu has no menu to go back to."));
    }

    private static void ValidateKeywords(JsonElement words, string at, HashSet<string> seen, List<IvrMenuError> errors)
    {
        if (words.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(at, "keywords must be a list of words or short phrases."));
            return;
        }
        if (words.GetArrayLength() > MaxKeywordsPerOption) errors.Add(new(at, $"At most {MaxKeywordsPerOption} keywords per option."));
        var i = 0;
        foreach (var word in words.EnumerateArray())
        {
            var path = $"{at}[{i++}]";
            if (word.ValueKind != JsonValueKind.String || IvrKeywordMatcher.Words(word.GetString()!).Count == 0)
                errors.Add(new(path, "A keyword must be a string with at least one letter or digit."));
            else if (word.GetString()!.Length > MaxKeywordLength)
                errors.Add(new(path, $"A keyword must be at most {MaxKeywordLength} characters."));
            else if (!seen.Add(string.Join(' ', IvrKeywordMatcher.Words(word.GetString()!))))
                errors.Add(new(path, $"Keyword '{word.GetString()}' is already used in this menu; the caller's words would be ambiguous."));
        }
    }

    /// <returns>The action's type when it is a known one, else null.</returns>
    private static string? ValidateAction(JsonElement action, string at, int depth, List<IvrMenuError> errors, ref int menus)
    {
        if (action.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(at, "An action must be a JSON object with a type."));
            return null;
        }
        if (!action.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(at + ".type", "type is required: " + string.Join(", ", ActionFields.Keys) + "."));
            return null;
        }
        var type = typeElement.GetString()!;
        if (!ActionFields.TryGetValue(type, out var allowed))
        {
            errors.Add(new(at + ".type", $"Unknown action type '{type}'; use one of: " + string.Join(", ", ActionFields.Keys) + "."));
            return null;
        }

        foreach (var property in action.EnumerateObject())
        {
            if (property.Name != "type" && Array.IndexOf(allowed, property.Name) < 0)
                errors.Add(new(Join(at, property.Name), $"{property.Name} does not apply to a '{type}' action."));
        }

        switch (type)
        {
            case "submenu":
                if (!action.TryGetProperty("menu", out var menu))
                    errors.Add(new(at + ".menu", "A submenu action needs its menu: { \"prompt\", \"options\", ... }."));
                else if (depth >= MaxDepth)
                    errors.Add(new(at + ".menu", $"Menus nest at most {MaxDepth} deep."));
                else
                    ValidateMenu(menu, at + ".menu", depth + 1, errors, ref menus);
                break;
            case "transfer":
                RequiredText(action, "target", at, errors, "A transfer needs its target: a phone number or SIP URI.");
                OptionalText(action, "text", at, errors);
                break;
            case "agent":
                OptionalText(action, "target", at, errors);
                OptionalText(action, "text", at, errors);
                break;
            case "message":
                RequiredText(action, "text", at, errors, "A message action needs the text to speak.");
                if (action.TryGetProperty("then", out var then)
                    && (then.ValueKind != JsonValueKind.String || then.GetString() is not ("menu" or "back" or "hangup")))
                    errors.Add(new(at + ".then", "then must be 'menu' (the default), 'back' or 'hangup'."));
                break;
            case "hangup":
                OptionalText(action, "text", at, errors);
                break;
        }
        return type;
    }

    private static void UnknownFields(JsonElement obj, HashSet<string> known, string at, List<IvrMenuError> errors)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name)) errors.Add(new(Join(at, property.Name), $"Unknown field '{property.Name}'."));
        }
    }

    private static void RequiredText(JsonElement obj, string name, string at, List<IvrMenuError> errors, string? missing = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            errors.Add(new(Join(at, name), missing ?? $"{name} is required."));
        else
            CheckText(value, name, at, errors);
    }

    private static void OptionalText(JsonElement obj, string name, string at, List<IvrMenuError> errors)
    {
        if (obj.TryGetProperty(name, out var value)) CheckText(value, name, at, errors);
    }

    private static void CheckText(JsonElement value, string name, string at, List<IvrMenuError> errors)
    {
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            errors.Add(new(Join(at, name), $"{name} must be a non-empty string."));
        else if (value.GetString()!.Length > MaxTextLength)
            errors.Add(new(Join(at, name), $"{name} must be at most {MaxTextLength} characters."));
    }

    private static void OptionalInt(JsonElement obj, string name, string at, int min, int max, List<IvrMenuError> errors)
    {
        if (!obj.TryGetProperty(name, out var value)) return;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n) || n < min || n > max)
            errors.Add(new(Join(at, name), $"{name} must be a whole number from {min} to {max}."));
    }

    private static string Join(string at, string name) => at.Length == 0 ? name : at + "." + name;
}

using System.Text.Json;

namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>
/// Turns a menu document into the immutable tree the engine walks, after <see cref="IvrMenuValidator"/> accepted it.
/// Submenus inherit the settings they leave out from their parent; the root takes the defaults below.
/// </summary>
internal static class IvrMenuParser
{
    public const int DefaultTimeoutMs = 5000;
    public const int DefaultMaxRetries = 2;
    public const string DefaultTimeoutPrompt = "Sorry, I did not get a choice.";
    public const string DefaultInvalidPrompt = "Sorry, that is not a valid choice.";

    /// <exception cref="IvrMenuException">The document does not validate.</exception>
    public static IvrMenu Parse(JsonElement document)
    {
        var errors = IvrMenuValidator.Validate(document);
        if (errors.Count > 0) throw new IvrMenuException(errors);
        var defaults = new IvrMenu("", [], TimeSpan.FromMilliseconds(DefaultTimeoutMs), DefaultMaxRetries,
            DefaultTimeoutPrompt, DefaultInvalidPrompt, IvrAction.DefaultOnMaxRetries);
        return ParseMenu(document, defaults);
    }

    private static IvrMenu ParseMenu(JsonElement menu, IvrMenu parent)
    {
        // Settings first: the options' submenus inherit them.
        var inherited = parent with
        {
            Prompt = menu.GetProperty("prompt").GetString()!,
            Options = [],
            Timeout = menu.TryGetProperty("timeout_ms", out var t) ? TimeSpan.FromMilliseconds(t.GetInt32()) : parent.Timeout,
            MaxRetries = menu.TryGetProperty("max_retries", out var r) ? r.GetInt32() : parent.MaxRetries,
            TimeoutPrompt = Text(menu, "timeout_prompt") ?? parent.TimeoutPrompt,
            InvalidPrompt = Text(menu, "invalid_prompt") ?? parent.InvalidPrompt,
            OnMaxRetries = menu.TryGetProperty("on_max_retries", out var onMax) ? ParseAction(onMax, parent) : parent.OnMaxRetries,
        };

        var options = new List<IvrOption>();
        foreach (var option in menu.GetProperty("options").EnumerateArray())
        {
            var keywords = option.TryGetProperty("keywords", out var k)
                ? k.EnumerateArray().Select(w => w.GetString()!).ToArray()
                : [];
            options.Add(new IvrOption(option.GetProperty("digit").GetString()![0], keywords, ParseAction(option.GetProperty("action"), inherited)));
        }
        return inherited with { Options = options };
    }

    private static IvrAction ParseAction(JsonElement action, IvrMenu owner)
    {
        var type = action.GetProperty("type").GetString() switch
        {
            "submenu" => IvrActionType.Submenu,
            "agent" => IvrActionType.Agent,
            "transfer" => IvrActionType.Transfer,
            "message" => IvrActionType.Message,
            "hangup" => IvrActionType.Hangup,
            "repeat" => IvrActionType.Repeat,
            "back" => IvrActionType.Back,
            var other => throw new InvalidOperationException($"Validated menu holds unknown action type '{other}'."),
        };
        var then = Text(action, "then") switch
        {
            "back" => IvrMessageThen.Back,
            "hangup" => IvrMessageThen.Hangup,
            _ => IvrMessageThen.Menu,
        };
        var menu = type == IvrActionType.Submenu ? ParseMenu(action.GetProperty("menu"), owner) : null;
        return new IvrAction(type, menu, Text(action, "target"), Text(action, "text"), then);
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Tools.BuiltIns;

/// <summary><c>press_digit</c>: sends keypad digits, for navigating another party's phone menu.</summary>
internal sealed class PressDigitTool : IBuiltInTool
{
    public const string Name = "press_digit";

    /// <summary>Longer runs are almost certainly a model mistake (no menu takes them), so they are refused.</summary>
    public const int MaxDigits = 32;

    public ToolDefinition Definition { get; } = new(
        Name,
        "Press keypad digits (DTMF), for example to navigate a phone menu. Digits: 0-9, *, #, A-D.",
        ToolArguments.Schema("""
            {"type":"object","properties":{"digits":{"type":"string","description":"The keys to press in order, e.g. \"1\" or \"123#\".","pattern":"^[0-9*#A-Da-d]{1,32}$"}},"required":["digits"],"additionalProperties":false}
            """));

    public ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        if (!ToolArguments.TryGetRequiredString(invocation.Arguments, "digits", out var digits, out var error))
            return ValueTask.FromResult(ToolResult.Error(error));
        if (digits.Length > MaxDigits)
            return ValueTask.FromResult(ToolResult.Error($"Too many digits ({digits.Length}); press at most {MaxDigits} at once."));
        var normalized = digits.ToUpperInvariant();
        foreach (var c in normalized)
        {
            if (c is not ((>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D')))
                return ValueTask.FromResult(ToolResult.Error($"Invalid digit '{c}' in '{digits}': use only 0-9, *, # and A-D."));
        }

        var result = new ToolResult(
            ToolArguments.Json(new Dictionary<string, string> { ["status"] = "pressed", ["digits"] = normalized }),
            Action: new CallAction(CallActionKind.PressDigits, normalized, null));
        return ValueTask.FromResult(result);
    }
}

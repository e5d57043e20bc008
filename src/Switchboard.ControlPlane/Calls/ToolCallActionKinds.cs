using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.ControlPlane.Calls;

/// <summary>The stored names of <see cref="CallActionKind"/> (<c>call_tool_calls.action_kind</c>).</summary>
internal static class ToolCallActionKinds
{
    public static string Name(CallActionKind kind) => kind switch
    {
        CallActionKind.EndCall => "end_call",
        CallActionKind.Transfer => "transfer",
        CallActionKind.PressDigits => "press_digits",
        CallActionKind.HandOver => "hand_over",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown call action."),
    };

    public static CallActionKind Parse(string name) => name switch
    {
        "end_call" => CallActionKind.EndCall,
        "transfer" => CallActionKind.Transfer,
        "press_digits" => CallActionKind.PressDigits,
        "hand_over" => CallActionKind.HandOver,
        _ => throw new InvalidOperationException($"Stored tool call action '{name}' is not one this version knows."),
    };
}

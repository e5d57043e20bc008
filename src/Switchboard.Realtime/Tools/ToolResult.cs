using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Tools;

/// <summary>
/// What a tool returned: <paramref name="Content"/> (JSON or plain text) for the model, whether it is an error the model
/// should see and possibly fix, and an optional action on the call (end, transfer, press digits).
/// </summary>
public sealed record ToolResult(string Content, bool IsError = false, CallAction? Action = null)
{
    public static ToolResult Error(string message) => new(message, IsError: true);
}

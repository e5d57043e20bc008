using System.Text.Json;
using Switchboard.ControlPlane.Functions;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// Recognizes, in a <see cref="ToolCalled"/>, a failure of one of the organization's functions and decides whether it is
/// worth a <c>function.failed</c> webhook. Pure and thread-safe.
/// </summary>
internal static class FunctionToolFailure
{
    /// <summary>
    /// Failures caused by what the model passed: it got the error back as the tool result and can call again with other
    /// arguments, so they say nothing about the function's health and must not page anyone.
    /// </summary>
    public static readonly IReadOnlySet<string> ModelFixableCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        FunctionErrorCodes.InvalidArguments,
        FunctionErrorCodes.InvalidFilter,
        FunctionErrorCodes.CalculationError,
    };

    /// <summary>
    /// Reads the error <paramref name="code"/> and <paramref name="message"/> of a failed tool call when its result has the
    /// shape <see cref="FunctionToolRegistry"/> gives a failed function (<c>{"error": code, "message": text}</c>). False
    /// for successes and for the engine's own plain-text errors (the caller interrupted, the call ended, unknown tool,
    /// a crash before the function ran), which are not failures of a function.
    /// </summary>
    public static bool TryRead(ToolCalled toolCalled, out string code, out string message)
    {
        ArgumentNullException.ThrowIfNull(toolCalled);
        code = "";
        message = "";
        if (!toolCalled.IsError || toolCalled.Result is not { Length: > 0 } result || result[0] != '{') return false;
        try
        {
            using var doc = JsonDocument.Parse(result);
            var root = doc.RootElement;
            if (!root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String
                || error.GetString() is not { Length: > 0 } errorCode) return false;
            code = errorCode;
            message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static bool IsReportable(string code) => !ModelFixableCodes.Contains(code);
}

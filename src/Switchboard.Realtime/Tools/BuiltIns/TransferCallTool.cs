using System.Text.RegularExpressions;
using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Tools.BuiltIns;

/// <summary><c>transfer_call</c>: hands the caller to a phone number or SIP URI after the agent's last words.</summary>
internal sealed partial class TransferCallTool : IBuiltInTool
{
    public const string Name = "transfer_call";

    public ToolDefinition Definition { get; } = new(
        Name,
        "Transfer the caller to another phone number or SIP address. Tell the caller first; the transfer starts after that.",
        ToolArguments.Schema("""
            {"type":"object","properties":{"target":{"type":"string","description":"E.164 phone number such as +14155550100, or a SIP URI such as sip:frontdesk@example.com."}},"required":["target"],"additionalProperties":false}
            """));

    public ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        if (!ToolArguments.TryGetRequiredString(invocation.Arguments, "target", out var target, out var error))
            return ValueTask.FromResult(ToolResult.Error(error));
        if (Normalize(target) is not { } normalized)
        {
            return ValueTask.FromResult(ToolResult.Error(
                $"Invalid transfer target '{target}': use an E.164 phone number like +14155550100 or a SIP URI like sip:user@host."));
        }

        var result = new ToolResult(
            ToolArguments.Json(new Dictionary<string, string> { ["status"] = "transferring", ["target"] = normalized }),
            Action: new CallAction(CallActionKind.Transfer, normalized, "agent_transfer"));
        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// A phone number loses the spaces, dashes, dots and parentheses people (and models) write into it; a URI is kept
    /// as written. Null when it is neither.
    /// </summary>
    internal static string? Normalize(string target)
    {
        if (SipUri().IsMatch(target)) return target;
        var compact = Separators().Replace(target, "");
        if (compact.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)) compact = compact[4..];
        return PhoneNumber().IsMatch(compact) ? compact : null;
    }

    [GeneratedRegex(@"^sips?:([^@\s;]+@)?[A-Za-z0-9.\-\[\]:]+(:\d{1,5})?(;[^\s]*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SipUri();

    [GeneratedRegex(@"^\+?[0-9]{3,15}$")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"[\s\-.()]")]
    private static partial Regex Separators();
}

using System.Text.RegularExpressions;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Transports;

namespace Switchboard.Realtime.Tools.BuiltIns;

/// <summary><c>transfer_call</c>: hands the caller to a phone number or SIP URI after the agent's last words.</summary>
internal sealed partial class TransferCallTool : IBuiltInTool
{
    public const string Name = "transfer_call";

    public ToolDefinition Definition { get; } = new(
        Name,
        "Transfer the caller to another phone number or SIP address. Tell the caller first; the transfer starts after that. "
        + "Cold (default) hands the caller over at once. Warm calls the target first, tells the person who answers the summary, "
        + "then connects the caller; if nobody answers you stay with the caller and are told why.",
        ToolArguments.Schema("""
            {"type":"object","properties":{"target":{"type":"string","description":"E.164 phone number such as +14155550100, or a SIP URI such as sip:frontdesk@example.com."},"mode":{"type":"string","enum":["cold","warm"],"description":"cold (default): hand over now. warm: brief the person first."},"summary":{"type":"string","maxLength":1000,"description":"Warm transfers: what to tell the person who answers (who is calling and why), spoken before the caller is connected."}},"required":["target"],"additionalProperties":false}
            """));

    /// <summary>The longest summary spoken to the transfer target (about a minute of speech).</summary>
    public const int MaxSummaryLength = 1000;

    public ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        if (!ToolArguments.TryGetRequiredString(invocation.Arguments, "target", out var target, out var error))
            return ValueTask.FromResult(ToolResult.Error(error));
        if (Normalize(target) is not { } normalized)
        {
            return ValueTask.FromResult(ToolResult.Error(
                $"Invalid transfer target '{target}': use an E.164 phone number like +14155550100 or a SIP URI like sip:user@host."));
        }

        if (!ToolArguments.TryGetOptionalString(invocation.Arguments, "mode", out var mode, out error))
            return ValueTask.FromResult(ToolResult.Error(error));
        mode ??= TransferModes.Cold;
        if (mode is not (TransferModes.Cold or TransferModes.Warm))
            return ValueTask.FromResult(ToolResult.Error($"Invalid mode '{mode}': use 'cold' or 'warm'."));
        if (!ToolArguments.TryGetOptionalString(invocation.Arguments, "summary", out var summary, out error))
            return ValueTask.FromResult(ToolResult.Error(error));
        if (summary is { Length: > MaxSummaryLength })
            return ValueTask.FromResult(ToolResult.Error($"The summary is {summary.Length} characters; keep it under {MaxSummaryLength}."));

        var result = new ToolResult(
            ToolArguments.Json(new Dictionary<string, string> { ["status"] = "transferring", ["target"] = normalized, ["mode"] = mode }),
            Action: new CallAction(CallActionKind.Transfer, normalized, "agent_transfer")
            {
                TransferMode = mode,
                Summary = string.IsNullOrWhiteSpace(summary) ? null : summary.Trim(),
            });
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

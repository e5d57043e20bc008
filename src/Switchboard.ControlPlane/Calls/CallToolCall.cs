using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// One journaled tool call (table <c>call_tool_calls</c>), keyed by its idempotency key: written as <c>started</c>
/// before the tool runs and <c>completed</c> with its result after (<see cref="DbToolCallJournal"/>).
/// </summary>
internal sealed class CallToolCall : ITenantOwned
{
    public const string StatusStarted = "started";
    public const string StatusCompleted = "completed";

    public required string IdempotencyKey { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string CallId { get; set; }
    public required string Name { get; set; }
    public required string Arguments { get; set; }
    public string Status { get; set; } = StatusStarted;

    /// <summary>How many times the tool was begun without completing first (1 unless an attempt was interrupted).</summary>
    public int Attempts { get; set; } = 1;
    public string? Result { get; set; }
    public bool IsError { get; set; }

    /// <summary>The result's call action, if any (<c>end_call</c>, <c>transfer</c>, ...).</summary>
    public string? ActionKind { get; set; }
    public string? ActionArgument { get; set; }
    public string? ActionReason { get; set; }
    public long? ElapsedMs { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

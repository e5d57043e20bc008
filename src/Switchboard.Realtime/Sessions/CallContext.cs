namespace Switchboard.Realtime.Sessions;

/// <summary>Who is on a call and with which agent; handed to the response engine and tools.</summary>
public sealed record CallContext
{
    public required string CallId { get; init; }
    public required string OrganizationId { get; init; }
    public required AgentDefinition Agent { get; init; }
    public CallDirection Direction { get; init; } = CallDirection.Simulated;
    public string? From { get; init; }
    public string? To { get; init; }

    /// <summary>The agent's dynamic variables overridden by the call's own, plus built-ins (<c>call_id</c>, <c>from</c>, <c>to</c>).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

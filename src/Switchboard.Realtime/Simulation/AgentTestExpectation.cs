using System.Text.Json;

namespace Switchboard.Realtime.Simulation;

/// <summary>What must hold after one response. Every field set is checked; text comparisons ignore case.</summary>
public sealed record AgentTestExpectation
{
    /// <summary>Each of these appears in the reply.</summary>
    public IReadOnlyList<string>? ReplyContains { get; init; }

    /// <summary>None of these appears in the reply.</summary>
    public IReadOnlyList<string>? ReplyNotContains { get; init; }

    /// <summary>A regular expression the reply matches.</summary>
    public string? ReplyMatches { get; init; }

    /// <summary>Tools called in this response: each by name, with (optionally) arguments that include the given ones.</summary>
    public IReadOnlyList<AgentTestToolCall>? ToolCalled { get; init; }

    /// <summary>No tool was called in this response.</summary>
    public bool? NoToolCalled { get; init; }

    /// <summary>The node the conversation is in after this response.</summary>
    public string? ReachedNode { get; init; }

    /// <summary>Variables with these values after this response.</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }

    /// <summary>Whether the call has ended (hang-up or transfer) after this response.</summary>
    public bool? CallEnded { get; init; }

    /// <summary>The response transferred the call to this target.</summary>
    public string? TransferredTo { get; init; }

    /// <summary>The response pressed these digits.</summary>
    public string? DigitsPressed { get; init; }
}

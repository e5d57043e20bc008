using System.Text.Json;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// Checks a conversation flow document (the agents API's <c>response_engine.flow</c>) before it is saved or run:
/// structure, required fields per node type, edges, reachability, regexes, loops that never wait for the caller.
/// The format is documented in docs/flows.md.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class FlowValidator
{
    /// <summary>
    /// Every problem in <paramref name="flow"/> (empty when valid), each with a path relative to the flow such as
    /// <c>start</c>, <c>nodes[3].next</c> or <c>nodes[2].conditions[0].regex</c>, in document order.
    /// </summary>
    /// <param name="flow">The flow JSON; any value kind is accepted (a non-object is reported, not thrown).</param>
    /// <param name="llmAvailable">
    /// Whether the agent has an LLM: <c>llm_condition</c> branches are an error without one.
    /// </param>
    public static IReadOnlyList<FlowValidationError> Validate(JsonElement flow, bool llmAvailable = false) =>
        FlowReader.Read(flow, llmAvailable).Errors;
}

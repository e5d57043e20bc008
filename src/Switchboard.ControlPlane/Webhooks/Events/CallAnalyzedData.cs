using System.Text.Json;

namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>call.analyzed</c>: post-call analysis finished; <c>analysis</c> holds the agent's configured fields.
/// Not produced yet: the server has no post-call analysis (an agent's <c>post_call_analysis</c> is stored, not run).</summary>
internal sealed record CallAnalyzedData(string CallId, string AgentId, string? Summary, JsonElement? Analysis);

using System.Text.Json;

namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>call.analyzed</c>: post-call analysis finished; <c>analysis</c> holds the agent's configured fields.</summary>
internal sealed record CallAnalyzedData(string CallId, string AgentId, string? Summary, JsonElement? Analysis);

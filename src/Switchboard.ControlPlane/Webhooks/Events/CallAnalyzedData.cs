using System.Text.Json;

namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>call.analyzed</c>: post-call analysis completed (Analysis/AnalysisWorker); <c>analysis</c> holds the agent's
/// configured fields, each null when the call did not settle it.</summary>
internal sealed record CallAnalyzedData(string CallId, string AgentId, string? Summary, JsonElement? Analysis);

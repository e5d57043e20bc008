namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>Where a <c>branch</c> node goes, why (for <see cref="NodeEntered.Reason"/>), and the LLM calls it took.</summary>
internal sealed record BranchDecision(string Target, string Reason, IReadOnlyList<LlmUsage> Usage);

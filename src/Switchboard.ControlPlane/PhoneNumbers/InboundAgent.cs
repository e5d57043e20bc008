namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>One agent a number's inbound calls may go to, and its share of them.</summary>
/// <param name="AgentId">The agent (<c>agent_…</c>) of the number's organization.</param>
/// <param name="AgentVersion">A pinned version, or null for the agent's published (else newest) version.</param>
/// <param name="Weight">The relative share, at least 1: weights 3 and 1 send three calls in four to the first.</param>
internal sealed record InboundAgent(string? AgentId, int? AgentVersion, int? Weight);

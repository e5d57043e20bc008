namespace Switchboard.ControlPlane.Agents;

/// <summary>An agent with one version's configuration document, null when that version does not exist.</summary>
internal sealed record AgentWithConfig(Agent Agent, string? Config);

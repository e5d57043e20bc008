namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>agent.deployed</c>: a version of an agent was published.</summary>
internal sealed record AgentDeployedData(string AgentId, string Name, int Version, DateTimeOffset PublishedAt);

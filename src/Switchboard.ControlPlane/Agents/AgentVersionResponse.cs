namespace Switchboard.ControlPlane.Agents;

internal sealed record AgentVersionResponse(int Version, bool IsPublished, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt);

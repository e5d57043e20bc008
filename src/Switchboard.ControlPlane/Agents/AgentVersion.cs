using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Agents;

/// <summary>An immutable snapshot of an agent's configuration; calls pin one.</summary>
internal sealed class AgentVersion : ITenantOwned
{
    public long Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string AgentId { get; set; }
    public int Version { get; set; }

    /// <summary>The agent configuration as snake_case JSON (<see cref="AgentConfig"/>).</summary>
    public required string Config { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}

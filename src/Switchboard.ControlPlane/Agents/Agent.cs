using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Agents;

internal sealed class Agent : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string Name { get; set; }

    /// <summary>The newest version; the draft when it is above <see cref="PublishedVersion"/>.</summary>
    public int LatestVersion { get; set; }
    public int? PublishedVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public List<AgentVersion> Versions { get; set; } = [];
}

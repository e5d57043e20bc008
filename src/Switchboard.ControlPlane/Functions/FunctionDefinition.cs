using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Functions;

/// <summary>A tool agents can call; its definition lives in immutable versions like an agent's.</summary>
internal sealed class FunctionDefinition : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";

    /// <summary>The name the LLM sees; unique per organization among functions not deleted.</summary>
    public required string Name { get; set; }
    public int LatestVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public List<FunctionVersion> Versions { get; set; } = [];
}

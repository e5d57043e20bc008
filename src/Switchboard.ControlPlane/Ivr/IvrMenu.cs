using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Ivr;

/// <summary>A stored IVR menu document (docs/ivr.md); agents with <c>response_engine.type = "ivr"</c> start in one.</summary>
internal sealed class IvrMenu : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>The menu document as JSON text, exactly as validated by <see cref="Realtime.ResponseEngines.Ivr.IvrMenuValidator"/>.</summary>
    public required string Definition { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}

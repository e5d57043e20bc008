using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Audit;

/// <summary>One write made through the API. Append-only: the data layer refuses updates and deletes.</summary>
internal sealed class AuditLog : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public string? ActorApiKeyId { get; set; }
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public string? TargetId { get; set; }
    public string? RequestId { get; set; }
    public string? ClientIp { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

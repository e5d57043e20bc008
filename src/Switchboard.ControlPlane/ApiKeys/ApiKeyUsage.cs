using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>Request count of one key, one UTC day, one endpoint group.</summary>
internal sealed class ApiKeyUsage : ITenantOwned
{
    public long Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string ApiKeyId { get; set; }
    public DateOnly Day { get; set; }
    public required string EndpointGroup { get; set; }
    public long Requests { get; set; }
}

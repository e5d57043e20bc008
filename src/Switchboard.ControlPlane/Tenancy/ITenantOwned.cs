namespace Switchboard.ControlPlane.Tenancy;

/// <summary>A row that belongs to one organization; the data layer filters and stamps it.</summary>
internal interface ITenantOwned
{
    string OrganizationId { get; set; }
}

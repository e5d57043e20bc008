using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Tables;

/// <summary>A table an organization uploaded (CSV or JSON) for <c>query_table</c> to look rows up in.</summary>
internal sealed class DataTable : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";

    /// <summary>Unique per organization; <c>query_table</c> accepts it as well as the id.</summary>
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>The typed columns as JSON (<see cref="TableColumn"/> list), in upload order.</summary>
    public required string Columns { get; set; }
    public int RowCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

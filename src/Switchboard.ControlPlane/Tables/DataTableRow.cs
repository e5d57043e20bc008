using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Tables;

/// <summary>One row, stored as a JSON object whose values already have their column's type.</summary>
internal sealed class DataTableRow : ITenantOwned
{
    public long Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string TableId { get; set; }

    /// <summary>The row's position in the upload, from 0; the stable order of lists and query results.</summary>
    public int RowIndex { get; set; }
    public required string Data { get; set; }
}

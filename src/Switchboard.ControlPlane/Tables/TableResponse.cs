using System.Text.Json;

namespace Switchboard.ControlPlane.Tables;

internal sealed record TableResponse(
    string Id, string Name, string? Description, IReadOnlyList<TableColumn> Columns, int RowCount, DateTimeOffset CreatedAt)
{
    public static TableResponse From(DataTable t) =>
        new(t.Id, t.Name, t.Description, ParseColumns(t.Columns), t.RowCount, t.CreatedAt);

    public static IReadOnlyList<TableColumn> ParseColumns(string json) =>
        JsonSerializer.Deserialize<List<TableColumn>>(json, Http.JsonDefaults.Options) ?? [];
}

using System.Text.Json;

namespace Switchboard.ControlPlane.Tables;

/// <summary>
/// An upload: <c>format</c> <c>csv</c> with the CSV text (header row first) in <c>content</c>, or <c>json</c>
/// with an array of flat objects in <c>rows</c>. <c>columns</c> optionally declares types by column name;
/// undeclared columns have their type inferred.
/// </summary>
internal sealed record CreateTableRequest(
    string? Name,
    string? Description,
    string? Format,
    string? Content,
    JsonElement? Rows,
    IReadOnlyList<TableColumn>? Columns);

namespace Switchboard.ControlPlane.Tables;

/// <summary>A column: its header name and one of <see cref="ColumnTypes"/>.</summary>
internal sealed record TableColumn(string? Name, string? Type);

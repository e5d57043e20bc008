namespace Switchboard.ControlPlane.Tables;

/// <summary>Upload bounds. The whole upload also sits under the API's 1 MB request body limit.</summary>
internal static class TableLimits
{
    public const int MaxRows = 10_000;
    public const int MaxColumns = 50;
    public const int MaxCellChars = 4_000;
    public const int MaxColumnNameChars = 64;
    public const int MaxTablesPerOrganization = 100;
}

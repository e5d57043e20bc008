namespace Switchboard.ControlPlane.Tables;

internal static class ColumnTypes
{
    public const string String = "string";
    public const string Number = "number";
    public const string Boolean = "boolean";

    /// <summary>A calendar date written <c>YYYY-MM-DD</c>; stored as that text, which sorts as the date does.</summary>
    public const string Date = "date";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { String, Number, Boolean, Date };
}

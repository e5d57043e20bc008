using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.ControlPlane.Tables;

/// <summary>
/// Checks typed filters against a table's columns and applies them to its rows in process. There is no
/// query language: a filter is a column, one of <see cref="Ops"/> and a JSON value of the column's type,
/// so nothing a caller sends becomes SQL. Rows are few (at most <see cref="TableLimits.MaxRows"/>), which
/// makes an in-process scan cheap and identical on SQLite and PostgreSQL. Thread-safe (stateless).
/// </summary>
internal static class TableQueryEngine
{
    public const int MaxFilters = 20;
    public const int MaxInValues = 100;

    public static readonly IReadOnlySet<string> Ops = new HashSet<string>(StringComparer.Ordinal)
        { "eq", "ne", "lt", "lte", "gt", "gte", "contains", "starts_with", "in" };

    /// <summary>Every problem with <paramref name="filters"/>, worded for an LLM; empty when all are usable.</summary>
    public static List<string> Check(IReadOnlyList<TableColumn> columns, IReadOnlyList<TableFilter> filters)
    {
        var problems = new List<string>();
        if (filters.Count > MaxFilters) problems.Add($"At most {MaxFilters} filters.");
        for (var i = 0; i < filters.Count && i < MaxFilters; i++)
        {
            var f = filters[i];
            var at = $"filters[{i}]";
            var column = columns.FirstOrDefault(c => c.Name == f.Column);
            if (column is null)
            {
                problems.Add($"{at}: no column '{f.Column}'; columns are " + string.Join(", ", columns.Select(c => $"{c.Name} ({c.Type})")) + ".");
                continue;
            }
            if (!Ops.Contains(f.Op))
            {
                problems.Add($"{at}: op must be one of " + string.Join(", ", Ops) + ".");
                continue;
            }
            var type = column.Type!;
            if (f.Op is "contains" or "starts_with" && type != ColumnTypes.String)
                problems.Add($"{at}: '{f.Op}' applies only to string columns; '{f.Column}' is {type}.");
            else if (f.Op is "lt" or "lte" or "gt" or "gte" && type == ColumnTypes.Boolean)
                problems.Add($"{at}: '{f.Op}' does not apply to the boolean column '{f.Column}'.");
            else if (f.Op == "in")
            {
                if (f.Value.ValueKind != JsonValueKind.Array || f.Value.GetArrayLength() is 0 or > MaxInValues)
                    problems.Add($"{at}: 'in' takes an array of 1 to {MaxInValues} {type} values.");
                else if (f.Value.EnumerateArray().Any(v => !Fits(v, type)))
                    problems.Add($"{at}: every value of 'in' must be a {Describe(type)}.");
            }
            else if (!Fits(f.Value, type))
                problems.Add($"{at}: value must be a {Describe(type)} for column '{f.Column}'.");
        }
        return problems;
    }

    /// <summary>Rows matching every filter, in upload order. Call <see cref="Check"/> first.</summary>
    public static bool Matches(JsonObject row, IReadOnlyList<TableColumn> columns, IReadOnlyList<TableFilter> filters)
    {
        foreach (var f in filters)
        {
            var type = columns.First(c => c.Name == f.Column).Type!;
            if (!Matches(row[f.Column], type, f.Op, f.Value)) return false;
        }
        return true;
    }

    private static bool Matches(JsonNode? cell, string type, string op, JsonElement value)
    {
        if (cell is null) return op == "ne";
        if (op == "in") return value.EnumerateArray().Any(v => Compare(cell, type, v) == 0);
        if (op == "contains") return cell.GetValue<string>().Contains(value.GetString()!, StringComparison.OrdinalIgnoreCase);
        if (op == "starts_with") return cell.GetValue<string>().StartsWith(value.GetString()!, StringComparison.OrdinalIgnoreCase);
        var order = Compare(cell, type, value);
        return op switch
        {
            "eq" => order == 0,
            "ne" => order != 0,
            "lt" => order < 0,
            "lte" => order <= 0,
            "gt" => order > 0,
            "gte" => order >= 0,
            _ => false,
        };
    }

    // Strings compare case-insensitively for eq/ne/in (what a caller reading a name aloud means) and
    // ordinally ignoring case for ordering; dates compare as their YYYY-MM-DD text, which sorts as dates do.
    private static int Compare(JsonNode cell, string type, JsonElement value) => type switch
    {
        ColumnTypes.Number => cell.GetValue<double>().CompareTo(value.GetDouble()),
        ColumnTypes.Boolean => cell.GetValue<bool>().CompareTo(value.GetBoolean()),
        _ => string.Compare(cell.GetValue<string>(), value.GetString(), StringComparison.OrdinalIgnoreCase),
    };

    private static bool Fits(JsonElement value, string type) => type switch
    {
        ColumnTypes.Number => value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()),
        ColumnTypes.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        ColumnTypes.Date => value.ValueKind == JsonValueKind.String && TableImporter.IsDate(value.GetString()!),
        _ => value.ValueKind == JsonValueKind.String,
    };

    private static string Describe(string type) => type switch
    {
        ColumnTypes.Number => "JSON number",
        ColumnTypes.Boolean => "JSON true or false",
        ColumnTypes.Date => "date string YYYY-MM-DD",
        _ => "JSON string",
    };
}

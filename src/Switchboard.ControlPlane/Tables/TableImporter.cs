using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.ControlPlane.Tables;

/// <summary>
/// Turns an upload into typed columns and rows. Both formats are first read as text cells (a JSON number or
/// boolean as its literal text), then each column gets its declared type, or else the narrowest type every
/// non-empty cell fits: number, then boolean, then date (YYYY-MM-DD), else string. Empty cells are null.
/// </summary>
internal static class TableImporter
{
    public sealed record Imported(IReadOnlyList<TableColumn> Columns, IReadOnlyList<JsonObject> Rows);

    public static Imported Import(CreateTableRequest request, Action<string, string> error)
    {
        var (headers, cells) = request.Format switch
        {
            "csv" => ReadCsv(request, error),
            "json" => ReadJson(request, error),
            _ => Fail("format", "format must be 'csv' or 'json'.", error),
        };
        if (headers.Count == 0) return new Imported([], []);
        if (headers.Count > TableLimits.MaxColumns) { error("columns", $"At most {TableLimits.MaxColumns} columns."); return new Imported([], []); }
        if (cells.Count > TableLimits.MaxRows) { error("rows", $"At most {TableLimits.MaxRows} rows."); return new Imported([], []); }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in headers)
        {
            if (string.IsNullOrWhiteSpace(h) || h.Length > TableLimits.MaxColumnNameChars)
                error("columns", $"Column names are 1 to {TableLimits.MaxColumnNameChars} characters; '{h}' is not.");
            else if (!seen.Add(h)) error("columns", $"Duplicate column '{h}'.");
        }

        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < (request.Columns?.Count ?? 0); i++)
        {
            var c = request.Columns![i];
            if (c?.Name is null || !headers.Contains(c.Name)) error($"columns[{i}].name", $"'{c?.Name}' is not a column of the upload.");
            else if (c.Type is null || !ColumnTypes.All.Contains(c.Type)) error($"columns[{i}].type", "type must be string, number, boolean or date.");
            else declared[c.Name] = c.Type;
        }

        var columns = new List<TableColumn>(headers.Count);
        for (var col = 0; col < headers.Count; col++)
        {
            var type = declared.TryGetValue(headers[col], out var t) ? t : Infer(cells, col);
            columns.Add(new TableColumn(headers[col], type));
        }

        var rows = new List<JsonObject>(cells.Count);
        var reported = 0;
        for (var r = 0; r < cells.Count; r++)
        {
            var row = new JsonObject();
            for (var col = 0; col < headers.Count; col++)
            {
                var text = cells[r][col];
                if (text is { Length: > TableLimits.MaxCellChars } && reported++ < 20)
                    error($"rows[{r}].{headers[col]}", $"A cell is at most {TableLimits.MaxCellChars} characters.");
                if (!TryConvert(text, columns[col].Type!, out var value) && reported++ < 20)
                    error($"rows[{r}].{headers[col]}", $"'{text}' is not a {columns[col].Type}.");
                row[headers[col]] = value;
            }
            rows.Add(row);
        }
        return new Imported(columns, rows);
    }

    /// <summary>Converts a text cell to its column type; an empty cell is null in every type.</summary>
    public static bool TryConvert(string? text, string type, out JsonNode? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text)) return true;
        switch (type)
        {
            case ColumnTypes.Number when TryNumber(text, out var n):
                value = n;
                return true;
            case ColumnTypes.Boolean when bool.TryParse(text.Trim(), out var b):
                value = b;
                return true;
            case ColumnTypes.Date when IsDate(text):
                value = text.Trim();
                return true;
            case ColumnTypes.String:
                value = text;
                return true;
            default:
                return false;
        }
    }

    public static bool IsDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Infer(List<string?[]> cells, int col)
    {
        bool number = true, boolean = true, date = true, any = false;
        foreach (var row in cells)
        {
            var text = row[col];
            if (string.IsNullOrEmpty(text)) continue;
            any = true;
            number &= TryNumber(text, out _);
            boolean &= bool.TryParse(text.Trim(), out _);
            date &= IsDate(text);
            if (!number && !boolean && !date) break;
        }
        if (!any) return ColumnTypes.String;
        return number ? ColumnTypes.Number : boolean ? ColumnTypes.Boolean : date ? ColumnTypes.Date : ColumnTypes.String;
    }

    private static (List<string> Headers, List<string?[]> Cells) ReadCsv(CreateTableRequest request, Action<string, string> error)
    {
        if (request.Rows is not null) error("rows", "rows is for format 'json'; send CSV text in content.");
        if (string.IsNullOrEmpty(request.Content)) return Fail("content", "content (the CSV text, header row first) is required for format 'csv'.", error);
        List<string[]> records;
        try
        {
            records = CsvParser.Parse(request.Content);
        }
        catch (FormatException ex)
        {
            return Fail("content", ex.Message, error);
        }
        if (records.Count == 0) return Fail("content", "The CSV has no header row.", error);
        var headers = records[0].Select(h => h.Trim()).ToList();
        var cells = new List<string?[]>(records.Count - 1);
        for (var r = 1; r < records.Count; r++)
        {
            if (records[r].Length != headers.Count)
                return Fail("content", $"Record {r + 1} has {records[r].Length} fields; the header has {headers.Count}.", error);
            cells.Add(records[r]);
        }
        return (headers, cells);
    }

    private static (List<string> Headers, List<string?[]> Cells) ReadJson(CreateTableRequest request, Action<string, string> error)
    {
        if (request.Content is not null) error("content", "content is for format 'csv'; send JSON rows in rows.");
        if (request.Rows is not { ValueKind: JsonValueKind.Array } rows)
            return Fail("rows", "rows (an array of flat JSON objects) is required for format 'json'.", error);

        var headers = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var objects = new List<JsonElement>();
        var i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object) return Fail($"rows[{i}]", "Each row must be a JSON object.", error);
            foreach (var p in row.EnumerateObject())
            {
                if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    return Fail($"rows[{i}].{p.Name}", "Values must be strings, numbers, booleans or null (flat objects).", error);
                if (index.TryAdd(p.Name, headers.Count)) headers.Add(p.Name);
            }
            objects.Add(row);
            i++;
        }
        if (headers.Count == 0) return Fail("rows", "rows must hold at least one object with at least one property.", error);

        var cells = new List<string?[]>(objects.Count);
        foreach (var row in objects)
        {
            var cellRow = new string?[headers.Count];
            foreach (var p in row.EnumerateObject())
            {
                cellRow[index[p.Name]] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => p.Value.GetRawText(),
                };
            }
            cells.Add(cellRow);
        }
        return (headers, cells);
    }

    private static (List<string>, List<string?[]>) Fail(string field, string message, Action<string, string> error)
    {
        error(field, message);
        return ([], []);
    }
}

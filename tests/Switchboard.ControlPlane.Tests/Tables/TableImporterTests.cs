using System.Text.Json;
using Switchboard.ControlPlane.Tables;

namespace Switchboard.ControlPlane.Tests.Tables;

public sealed class TableImporterTests
{
    private static (TableImporter.Imported Result, Dictionary<string, string> Errors) Import(CreateTableRequest request)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = TableImporter.Import(request, (f, m) => errors[f] = m);
        return (result, errors);
    }

    [Fact]
    public void Infers_number_boolean_date_and_string_and_nulls_empty_cells()
    {
        var (result, errors) = Import(new CreateTableRequest("t", null, "csv",
            "sku,price,in_stock,since,name\nA1,9.5,true,2026-01-02,Widget\nA2,,FALSE,2025-12-31,\"Gadget, large\"\n", null, null));
        Assert.Empty(errors);
        Assert.Equal(["string", "number", "boolean", "date", "string"], result.Columns.Select(c => c.Type));
        Assert.Equal(9.5, (double)result.Rows[0]["price"]!);
        Assert.Null(result.Rows[1]["price"]);
        Assert.False((bool)result.Rows[1]["in_stock"]!);
        Assert.Equal("Gadget, large", (string?)result.Rows[1]["name"]);
    }

    [Fact]
    public void Json_rows_with_a_declared_type_and_missing_keys()
    {
        var rows = JsonDocument.Parse("""[{"zip":"01234","n":1},{"zip":"99999"}]""").RootElement;
        var (result, errors) = Import(new CreateTableRequest("t", null, "json", null, rows, [new TableColumn("zip", "string")]));
        Assert.Empty(errors);
        Assert.Equal("01234", (string?)result.Rows[0]["zip"]); // declared string keeps the leading zero
        Assert.Equal("number", result.Columns.Single(c => c.Name == "n").Type);
        Assert.Null(result.Rows[1]["n"]);
    }

    [Theory]
    [InlineData("csv", "a,b\n1,2,3\n", null, "content")]
    [InlineData("csv", "a,a\n1,2\n", null, "columns")]
    [InlineData("xml", "a\n1\n", null, "format")]
    [InlineData("json", null, """[{"a":{"b":1}}]""", "rows[0].a")]
    [InlineData("json", null, """[1]""", "rows[0]")]
    public void Refuses_bad_uploads(string format, string? content, string? rows, string field)
    {
        var (_, errors) = Import(new CreateTableRequest("t", null, format, content, rows is null ? null : JsonDocument.Parse(rows).RootElement, null));
        Assert.True(errors.ContainsKey(field), string.Join("; ", errors));
    }

    [Fact]
    public void A_declared_type_the_data_does_not_fit_names_the_cell()
    {
        var (_, errors) = Import(new CreateTableRequest("t", null, "csv", "a\n1\nx\n", null, [new TableColumn("a", "number")]));
        Assert.Contains("'x' is not a number", errors["rows[1].a"], StringComparison.Ordinal);
    }
}

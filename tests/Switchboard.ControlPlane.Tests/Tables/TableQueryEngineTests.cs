using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.ControlPlane.Tables;

namespace Switchboard.ControlPlane.Tests.Tables;

public sealed class TableQueryEngineTests
{
    private static readonly TableColumn[] Columns =
        [new("name", "string"), new("price", "number"), new("active", "boolean"), new("since", "date")];

    private static readonly JsonObject[] Rows =
    [
        (JsonObject)JsonNode.Parse("""{"name":"Alpha","price":10,"active":true,"since":"2025-01-01"}""")!,
        (JsonObject)JsonNode.Parse("""{"name":"beta","price":20.5,"active":false,"since":"2026-06-30"}""")!,
        (JsonObject)JsonNode.Parse("""{"name":"Gamma ray","price":null,"active":true,"since":null}""")!,
    ];

    private static TableFilter F(string column, string op, string value) => new(column, op, JsonDocument.Parse(value).RootElement);

    private static string[] Query(params TableFilter[] filters)
    {
        Assert.Empty(TableQueryEngine.Check(Columns, filters));
        return Rows.Where(r => TableQueryEngine.Matches(r, Columns, filters)).Select(r => (string)r["name"]!).ToArray();
    }

    [Fact]
    public void Typed_operators()
    {
        Assert.Equal(["beta"], Query(F("name", "eq", "\"BETA\"")));
        Assert.Equal(["Alpha", "Gamma ray"], Query(F("name", "ne", "\"beta\"")));
        Assert.Equal(["beta"], Query(F("price", "gt", "15")));
        Assert.Equal(["Alpha", "beta"], Query(F("price", "lte", "20.5")));
        Assert.Equal(["Alpha", "Gamma ray"], Query(F("active", "eq", "true")));
        Assert.Equal(["Alpha"], Query(F("since", "lt", "\"2026-01-01\"")));
        Assert.Equal(["Gamma ray"], Query(F("name", "contains", "\"RAY\"")));
        Assert.Equal(["Alpha"], Query(F("name", "starts_with", "\"al\"")));
        Assert.Equal(["Alpha", "beta"], Query(F("price", "in", "[10, 20.5, 99]")));
        Assert.Equal(["beta"], Query(F("price", "gte", "11"), F("active", "eq", "false")));
        Assert.Equal(["Gamma ray"], Query(F("price", "ne", "10"), F("price", "ne", "20.5"))); // null is "not equal"
    }

    [Theory]
    [InlineData("price", "eq", "\"10\"", "JSON number")]
    [InlineData("since", "gt", "\"yesterday\"", "YYYY-MM-DD")]
    [InlineData("active", "lt", "true", "does not apply")]
    [InlineData("price", "contains", "\"1\"", "only to string")]
    [InlineData("name", "in", "[]", "array of 1 to")]
    [InlineData("name", "in", "[\"a\", 1]", "every value")]
    [InlineData("nope", "eq", "1", "no column 'nope'")]
    [InlineData("name", "like", "\"a\"", "op must be one of")]
    public void Mistyped_filters_are_explained(string column, string op, string value, string fragment)
    {
        var problem = Assert.Single(TableQueryEngine.Check(Columns, [F(column, op, value)]));
        Assert.Contains(fragment, problem, StringComparison.Ordinal);
    }
}

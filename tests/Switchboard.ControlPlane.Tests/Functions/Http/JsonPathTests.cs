using System.Text.Json.Nodes;
using Switchboard.ControlPlane.Functions.Http;

namespace Switchboard.ControlPlane.Tests.Functions.Http;

public sealed class JsonPathTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        {"order":{"status":"shipped","items":[{"sku":"A-1"},{"sku":"B-7","tags":["x","y"]}]},
         "weird key":{"a.b":1},"dash-name":true,"nothing":null}
        """)!;

    [Theory]
    [InlineData("$", null)]
    [InlineData("$.order.status", "\"shipped\"")]
    [InlineData("$.order.items[1].sku", "\"B-7\"")]
    [InlineData("$.order.items[1].tags[0]", "\"x\"")]
    [InlineData("$['weird key']['a.b']", "1")]
    [InlineData("$[\"weird key\"][\"a.b\"]", "1")]
    [InlineData("$.dash-name", "true")]
    [InlineData("$.order.items[0]", """{"sku":"A-1"}""")]
    public void Finds_the_value_a_path_names(string path, string? expected)
    {
        Assert.True(JsonPath.TryParse(path, out var parsed, out var error), error);
        var value = parsed.Evaluate(Document);
        Assert.True(JsonNode.DeepEquals(expected is null ? Document : JsonNode.Parse(expected), value), value?.ToJsonString());
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.order.items[5].sku")]
    [InlineData("$.order.status.deeper")]
    [InlineData("$.order[0]")]
    [InlineData("$.order.items.sku")]
    [InlineData("$.nothing")]
    public void A_missing_step_gives_null(string path)
    {
        Assert.True(JsonPath.TryParse(path, out var parsed, out _));
        Assert.Null(parsed.Evaluate(Document));
    }

    [Fact]
    public void The_result_is_a_copy()
    {
        Assert.True(JsonPath.TryParse("$.order", out var parsed, out _));
        var copy = parsed.Evaluate(Document)!;
        copy["status"] = "changed";
        Assert.Equal("shipped", (string?)Document["order"]!["status"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("order.status")]
    [InlineData("$.")]
    [InlineData("$..status")]
    [InlineData("$.items[*]")]
    [InlineData("$.items[-1]")]
    [InlineData("$.items[0:2]")]
    [InlineData("$.items[?(@.sku)]")]
    [InlineData("$['unterminated]")]
    [InlineData("$[1")]
    [InlineData("$ .a")]
    public void Unsupported_syntax_is_refused_with_a_reason(string path)
    {
        Assert.False(JsonPath.TryParse(path, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Length_and_depth_are_bounded()
    {
        Assert.False(JsonPath.TryParse("$." + new string('a', JsonPath.MaxLength), out _, out _));
        Assert.False(JsonPath.TryParse("$" + string.Concat(Enumerable.Repeat(".a", JsonPath.MaxSteps + 1)), out _, out _));
        Assert.True(JsonPath.TryParse("$" + string.Concat(Enumerable.Repeat(".a", JsonPath.MaxSteps)), out _, out _));
    }
}

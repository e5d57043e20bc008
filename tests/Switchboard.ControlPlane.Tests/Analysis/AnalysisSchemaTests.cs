using System.Text.Json;
using Switchboard.ControlPlane.Agents;
using Switchboard.ControlPlane.Analysis;

namespace Switchboard.ControlPlane.Tests.Analysis;

public sealed class AnalysisSchemaTests
{
    private static readonly PostCallAnalysisField[] Fields =
    [
        new() { Name = "booked", Type = "boolean", Description = "Booked?" },
        new() { Name = "service", Type = "enum", Choices = ["cleaning", "checkup"] },
        new() { Name = "day", Type = "string" },
        new() { Name = "party_size", Type = "number" },
    ];

    [Fact]
    public void The_schema_has_one_required_nullable_property_per_field_and_nothing_else()
    {
        var schema = AnalysisSchema.Build(Fields);
        var fields = schema.GetProperty("properties").GetProperty("fields");
        Assert.False(fields.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["booked", "service", "day", "party_size"], fields.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var p = fields.GetProperty("properties");
        Assert.Equal("""["boolean","null"]""", p.GetProperty("booked").GetProperty("type").GetRawText());
        Assert.Equal("Booked?", p.GetProperty("booked").GetProperty("description").GetString());
        Assert.Equal("""["cleaning","checkup",null]""", p.GetProperty("service").GetProperty("enum").GetRawText());
        Assert.Equal("""["string","null"]""", p.GetProperty("day").GetProperty("type").GetRawText());
        Assert.Equal("""["number","null"]""", p.GetProperty("party_size").GetProperty("type").GetRawText());
        Assert.Equal(["summary", "fields"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_well_typed_answer_is_read_in_field_order_with_nulls_and_extras_dropped()
    {
        var (summary, fields) = AnalysisSchema.Read(
            """{"summary":"Booked.","fields":{"party_size":2.5,"day":null,"service":"checkup","booked":false,"extra":1}}""", Fields);
        Assert.Equal("Booked.", summary);
        Assert.Equal("""{"booked":false,"service":"checkup","day":null,"party_size":2.5}""", fields);
    }

    [Fact]
    public void A_code_fence_around_the_json_is_tolerated()
    {
        var (summary, _) = AnalysisSchema.Read("```json\n{\"summary\":\"Hi.\",\"fields\":{}}\n```", Fields);
        Assert.Equal("Hi.", summary);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("""{"fields":{}}""", "'summary'")]
    [InlineData("""{"summary":3,"fields":{}}""", "'summary'")]
    [InlineData("""{"summary":"s"}""", "'fields'")]
    [InlineData("""{"summary":"s","fields":{"booked":"yes"}}""", "'booked' must be a boolean")]
    [InlineData("""{"summary":"s","fields":{"party_size":"2"}}""", "'party_size' must be a number")]
    [InlineData("""{"summary":"s","fields":{"day":5}}""", "'day' must be a string")]
    [InlineData("""{"summary":"s","fields":{"service":"whitening"}}""", "'whitening' is not one of the choices")]
    [InlineData("""{"summary":"s","fields":{"service":1}}""", "'service' must be one of the choices")]
    public void A_wrong_answer_is_refused_with_what_was_wrong(string answer, string expected)
    {
        var ex = Assert.Throws<AnalysisAnswerException>(() => AnalysisSchema.Read(answer, Fields));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void An_empty_analysis_has_every_field_null()
    {
        Assert.Equal("""{"booked":null,"service":null,"day":null,"party_size":null}""", AnalysisSchema.Empty(Fields));
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(AnalysisSchema.Empty([])).RootElement.ValueKind);
    }
}

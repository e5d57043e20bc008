using System.Text.Json;
using Switchboard.ControlPlane.Functions;

namespace Switchboard.ControlPlane.Tests.Functions;

public sealed class FunctionSchemaCheckerTests
{
    private static async Task<Dictionary<string, string>> Check(string schema)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        await FunctionSchemaChecker.CheckAsync(JsonDocument.Parse(schema).RootElement, "parameters", (f, m) => errors[f] = m);
        return errors;
    }

    [Fact]
    public async Task Accepts_a_2020_12_schema_within_the_supported_keywords()
    {
        var errors = await Check("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"city":{"type":"string","minLength":1,"pattern":"^[A-Z]"},
               "days":{"type":"integer","minimum":1,"exclusiveMaximum":15},
               "tags":{"type":"array","items":{"type":"string","enum":["a","b"]},"uniqueItems":true},
               "when":{"type":["string","null"],"format":"date"},
               "where":{"anyOf":[{"type":"string"},{"type":"object","properties":{"lat":{"type":"number"}},"required":["lat"]}]}},
             "required":["city"],"additionalProperties":false}
            """);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("""{"type":"string"}""", "parameters.type")]
    [InlineData("""{"properties":{}}""", "parameters.type")]
    [InlineData("""{"type":"object","$schema":"http://json-schema.org/draft-04/schema#"}""", "parameters.$schema")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/$defs/x"}},"$defs":{"x":{"type":"string"}}}""", "parameters.$defs")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"https://example.com/s.json"}}}""", "parameters.properties.a.$ref")]
    [InlineData("""{"type":"object","properties":{"a":{"const":3}}}""", "parameters.properties.a.const")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","prefixItems":[{"type":"string"}]}}}""", "parameters.properties.a.prefixItems")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","items":[{"type":"string"}]}}}""", "parameters.properties.a.items")]
    [InlineData("""{"type":"object","if":{},"then":{}}""", "parameters.if")]
    [InlineData("""{"type":"object","unevaluatedProperties":false}""", "parameters.unevaluatedProperties")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"date"}}}""", "parameters.properties.a.type")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"number","exclusiveMinimum":true}}}""", "parameters.properties.a.exclusiveMinimum")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","pattern":"(["}}}""", "parameters.properties.a.pattern")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","minLength":-1}}}""", "parameters.properties.a.minLength")]
    [InlineData("""{"type":"object","required":"a"}""", "parameters.required")]
    [InlineData("""{"type":"object","properties":{"a":"string"}}""", "parameters.properties.a")]
    [InlineData("""{"type":"object","anyOf":[]}""", "parameters.anyOf")]
    [InlineData("""[1]""", "parameters")]
    public async Task Refuses_what_it_cannot_honour(string schema, string field)
    {
        var errors = await Check(schema);
        Assert.True(errors.ContainsKey(field), $"expected an error at {field}; got {string.Join("; ", errors.Select(e => e.Key + ": " + e.Value))}");
    }

    [Fact]
    public async Task Refuses_nesting_past_the_depth_limit()
    {
        var schema = """{"type":"object","properties":{"a":""";
        for (var i = 0; i < 20; i++) schema += """{"type":"object","properties":{"a":""";
        schema += "{}" + new string('}', 42);
        Assert.Contains((await Check(schema)).Values, m => m.Contains("deeper", StringComparison.Ordinal));
    }
}

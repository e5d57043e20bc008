using System.Text.Json;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Functions;
using Switchboard.ControlPlane.Functions.Builtins;

namespace Switchboard.ControlPlane.Tests.Functions;

public sealed class BuiltinSchemaTests
{
    private static IEnumerable<IBuiltinFunction> All() =>
    [
        new CalculatorFunction(),
        new CurrentTimeFunction(TimeProvider.System),
        new WeatherFunction(null!, Options.Create(new FunctionsOptions())),
        new QueryTableFunction(),
        .. CallControlFunction.All(),
    ];

    [Fact]
    public async Task Every_builtin_schema_passes_the_same_check_as_a_customers()
    {
        foreach (var builtin in All())
        {
            var errors = new List<string>();
            await FunctionSchemaChecker.CheckAsync(JsonDocument.Parse(builtin.ParametersSchema).RootElement, builtin.Name, (f, m) => errors.Add(f + ": " + m));
            Assert.True(errors.Count == 0, string.Join("; ", errors));
        }
    }

    [Theory]
    [InlineData("transfer_call", """{"target":"+14155550123"}""", true)]
    [InlineData("transfer_call", """{"target":"sip:desk@example.com","mode":"warm","summary":"Ada, about a refund."}""", true)]
    [InlineData("transfer_call", """{"target":"call mom"}""", false)]
    [InlineData("transfer_call", """{"target":"+14155550123","mode":"blind"}""", false)]
    [InlineData("transfer_call", """{"destination":"+14155550123"}""", false)]
    [InlineData("press_digit", """{"digits":"12#*"}""", true)]
    [InlineData("press_digit", """{"digits":"9x"}""", false)]
    [InlineData("get_weather", """{"latitude":1,"longitude":2}""", true)]
    [InlineData("get_weather", """{"latitude":1}""", false)] // anyOf: a name, or both coordinates
    [InlineData("query_table", """{"table":"t","filters":[{"column":"a","op":"in","value":[1,2]}]}""", true)]
    [InlineData("query_table", """{"table":"t","filters":[{"column":"a","op":"eq"}]}""", false)]
    public async Task Builtin_schemas_accept_and_refuse_as_documented(string name, string arguments, bool valid)
    {
        var builtin = All().Single(b => b.Name == name);
        var problems = ArgumentValidator.Validate(await FunctionSchemaChecker.CompileAsync(builtin.ParametersSchema), JsonDocument.Parse(arguments).RootElement);
        Assert.Equal(valid, problems.Count == 0);
    }

    [Fact]
    public async Task A_2020_12_dollar_schema_is_a_label_and_its_keywords_are_enforced()
    {
        var schema = await FunctionSchemaChecker.CompileAsync("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"n":{"type":"number","exclusiveMinimum":0}},"required":["n"]}
            """);
        Assert.Empty(ArgumentValidator.Validate(schema, JsonDocument.Parse("""{"n":0.5}""").RootElement));
        var problem = Assert.Single(ArgumentValidator.Validate(schema, JsonDocument.Parse("""{"n":0}""").RootElement));
        Assert.Equal("n", problem.Path);
    }
}

using System.Text.Json;
using Switchboard.ControlPlane.Functions;

namespace Switchboard.ControlPlane.Tests.Functions;

public sealed class ArgumentValidatorTests
{
    private const string Schema = """
        {"type":"object","properties":{
           "city":{"type":"string","minLength":2},
           "days":{"type":"integer","minimum":1,"maximum":14},
           "unit":{"type":"string","enum":["celsius","fahrenheit"]},
           "filters":{"type":"array","maxItems":2,"items":{"type":"object","properties":{"k":{"type":"string"}},"required":["k"]}}},
         "required":["city","days"],"additionalProperties":false}
        """;

    private static IReadOnlyList<ArgumentProblem> Validate(string arguments) =>
        ArgumentValidator.Validate(Compiled.Value, JsonDocument.Parse(arguments).RootElement);

    // Loaded once for the class; xunit facts here stay synchronous.
    private static readonly Lazy<NJsonSchema.JsonSchema> Compiled =
        new(() => Task.Run(async () => await FunctionSchemaChecker.CompileAsync(Schema)).GetAwaiter().GetResult());

    [Fact]
    public void Valid_arguments_have_no_problems() =>
        Assert.Empty(Validate("""{"city":"Berlin","days":3,"unit":"celsius","filters":[{"k":"x"}]}"""));

    [Fact]
    public void Every_problem_is_listed_with_its_path()
    {
        var problems = Validate("""{"days":0,"unit":"kelvin","extra":1,"filters":[{"k":"a"},{},{"k":"c"}]}""");
        var byPath = problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(p => p.Message)));
        Assert.Contains("required", byPath["city"], StringComparison.Ordinal);
        Assert.Contains("at least 1", byPath["days"], StringComparison.Ordinal);
        Assert.Contains("\"celsius\"", byPath["unit"], StringComparison.Ordinal);
        Assert.Contains("not allowed", byPath["extra"], StringComparison.Ordinal);
        Assert.Contains(problems, p => p.Path.StartsWith("filters", StringComparison.Ordinal) && p.Message.Contains("at most 2", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path.Contains("filters[1]", StringComparison.Ordinal) && p.Message.Contains("required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"city":5,"days":"3"}""", "city", "string")]
    [InlineData("""{"city":"Berlin","days":2.5}""", "days", "integer")]
    [InlineData("""{"city":"B","days":2}""", "city", "at least 2")]
    [InlineData("""{"city":"Berlin","days":15}""", "days", "at most 14")]
    public void Wrong_types_and_bounds_are_named(string arguments, string path, string fragment) =>
        Assert.Contains(Validate(arguments), p => p.Path == path && p.Message.Contains(fragment, StringComparison.Ordinal));

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"Berlin\"")]
    [InlineData("null")]
    public void Arguments_must_be_an_object(string arguments)
    {
        var problem = Assert.Single(Validate(arguments));
        Assert.Equal("", problem.Path);
        Assert.Contains("object", problem.Message, StringComparison.Ordinal);
    }
}

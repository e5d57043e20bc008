using System.Text.Json.Nodes;

namespace Switchboard.ControlPlane.Functions.Builtins;

/// <summary>Evaluates an arithmetic expression with <see cref="ArithmeticEvaluator"/>.</summary>
internal sealed class CalculatorFunction : IBuiltinFunction
{
    public string Name => "calculator";

    public string Description => "Evaluate an arithmetic expression exactly: + - * / % ^, parentheses, decimals, pi, e, sqrt, abs, round, floor, ceil, min, max.";

    public string ParametersSchema => """
        {"type":"object","properties":{"expression":{"type":"string","minLength":1,"maxLength":1000,
         "description":"The expression, e.g. (12.5 * 4) / 3 or round(sqrt(2), 3)."}},"required":["expression"],"additionalProperties":false}
        """;

    public bool RunsOnServer => true;

    public Task<JsonNode?> RunAsync(BuiltinInvocation invocation, CancellationToken cancellationToken)
    {
        var expression = invocation.Arguments.GetProperty("expression").GetString()!;
        try
        {
            var value = ArithmeticEvaluator.Evaluate(expression);
            // Binary floating point shows 0.1 + 0.2 as 0.30000000000000004; 12 significant digits reads as people expect.
            var shown = double.Parse(value.ToString("G12", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
            return Task.FromResult<JsonNode?>(new JsonObject { ["expression"] = expression, ["result"] = shown });
        }
        catch (CalculatorException ex)
        {
            throw new FunctionFailedException(FunctionErrorCodes.CalculationError, ex.Message);
        }
    }
}

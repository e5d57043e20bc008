using Switchboard.ControlPlane.Functions.Builtins;

namespace Switchboard.ControlPlane.Tests.Functions;

public sealed class ArithmeticEvaluatorTests
{
    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("10 / 4", 2.5)]
    [InlineData("10 % 4", 2)]
    [InlineData("2 ^ 10", 1024)]
    [InlineData("2 ^ 3 ^ 2", 512)] // right-associative
    [InlineData("-2 ^ 2", -4)] // ^ binds tighter than unary minus
    [InlineData("2 ^ -1", 0.5)]
    [InlineData("--3", 3)]
    [InlineData("-(4 - 6)", 2)]
    [InlineData("+5", 5)]
    [InlineData("0.5 + .25", 0.75)]
    [InlineData("sqrt(16) + abs(-3)", 7)]
    [InlineData("round(2.5)", 3)]
    [InlineData("round(3.14159, 2)", 3.14)]
    [InlineData("floor(2.7) + ceil(2.1)", 5)]
    [InlineData("min(4, 2, 8) + max(1, 9)", 11)]
    [InlineData("MAX(1,2)", 2)]
    [InlineData("2 * pi", 2 * Math.PI)]
    [InlineData("e", Math.E)]
    [InlineData(" 1\t+\n1 ", 2)]
    [InlineData("7 - 2 - 1", 4)] // left-associative
    [InlineData("8 / 2 / 2", 2)]
    public void Evaluates(string expression, double expected) =>
        Assert.Equal(expected, ArithmeticEvaluator.Evaluate(expression), 10);

    [Theory]
    [InlineData("1 / 0", "Division by zero")]
    [InlineData("5 % 0", "Division by zero")]
    [InlineData("0 ^ -1", "Division by zero")]
    [InlineData("1 +", "ends too early")]
    [InlineData("(1 + 2", "')' expected")]
    [InlineData("1 + 2)", "unexpected ')'")]
    [InlineData("1..2", "not a number")]
    [InlineData("2 $ 3", "unexpected '$'")]
    [InlineData("sqrt(-1)", "negative")]
    [InlineData("(-8) ^ 0.5", "fractional power")]
    [InlineData("foo(1)", "Unknown function 'foo'")]
    [InlineData("x + 1", "Unknown name 'x'")]
    [InlineData("sqrt(1, 2)", "sqrt takes 1 argument")]
    [InlineData("min()", "at least one")]
    [InlineData("round(1, 0.5)", "whole number")]
    [InlineData("10 ^ 400", "finite")]
    [InlineData("", "empty")]
    [InlineData("1 2", "unexpected '2'")]
    public void Refuses_with_a_clear_message(string expression, string fragment)
    {
        var ex = Assert.Throws<CalculatorException>(() => ArithmeticEvaluator.Evaluate(expression));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_name_the_position()
    {
        var ex = Assert.Throws<CalculatorException>(() => ArithmeticEvaluator.Evaluate("1 + * 2"));
        Assert.Contains("position 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_length_and_depth()
    {
        Assert.Contains("longer", Assert.Throws<CalculatorException>(() => ArithmeticEvaluator.Evaluate(new string('1', 1001))).Message, StringComparison.Ordinal);
        var deep = new string('(', 200) + "1" + new string(')', 200);
        Assert.Contains("nested deeper", Assert.Throws<CalculatorException>(() => ArithmeticEvaluator.Evaluate(deep)).Message, StringComparison.Ordinal);
        Assert.Contains("nested deeper", Assert.Throws<CalculatorException>(() => ArithmeticEvaluator.Evaluate(new string('-', 500) + "1")).Message, StringComparison.Ordinal);
        Assert.Equal(1, ArithmeticEvaluator.Evaluate(new string('(', 30) + "1" + new string(')', 30)));
    }

    [Fact]
    public void Random_input_only_ever_yields_a_finite_number_or_a_calculator_error()
    {
        // A fixed seed keeps the fuzz reproducible; the alphabet is weighted toward what the grammar reads.
        var random = new Random(20261124);
        const string alphabet = "0123456789.+-*/%^()(), sqrtabsminmaxroundpie\t";
        var evaluated = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(0, 40);
            var chars = new char[length];
            for (var j = 0; j < length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            try
            {
                var value = ArithmeticEvaluator.Evaluate(new string(chars));
                Assert.True(double.IsFinite(value));
                evaluated++;
            }
            catch (CalculatorException)
            {
            }
        }
        Assert.True(evaluated > 100, $"only {evaluated} random expressions were valid; the fuzz explores too little");
    }
}

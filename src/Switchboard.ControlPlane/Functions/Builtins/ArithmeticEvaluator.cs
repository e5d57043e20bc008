using System.Globalization;

namespace Switchboard.ControlPlane.Functions.Builtins;

/// <summary>
/// A recursive-descent evaluator for arithmetic only: numbers, + - * / % ^, parentheses, unary signs, the
/// constants pi and e, and sqrt, abs, round, floor, ceil, min, max. There is nothing to call but these, so
/// no expression can run code; length and nesting are bounded so none can exhaust the stack.
/// Grammar (^ binds tighter than unary minus and is right-associative, so -2^2 = -4 and 2^3^2 = 512):
/// <code>
/// expr    := term (('+' | '-') term)*
/// term    := unary (('*' | '/' | '%') unary)*
/// unary   := ('+' | '-') unary | power
/// power   := primary ('^' unary)?
/// primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
/// </code>
/// Thread-safe: each call parses with its own state.
/// </summary>
internal static class ArithmeticEvaluator
{
    public const int MaxLength = 1000;
    public const int MaxDepth = 64;

    public static double Evaluate(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Length > MaxLength) throw new CalculatorException($"The expression is longer than {MaxLength} characters.");
        if (string.IsNullOrWhiteSpace(expression)) throw new CalculatorException("The expression is empty.");
        var parser = new Parser(expression);
        var value = parser.ParseAll();
        if (double.IsNaN(value) || double.IsInfinity(value)) throw new CalculatorException("The result is not a finite number (overflow).");
        return value;
    }

    private ref struct Parser(string text)
    {
        private readonly string _text = text;
        private int _pos;
        private int _depth;

        public double ParseAll()
        {
            var value = Expr();
            SkipSpace();
            if (_pos < _text.Length) throw Syntax($"unexpected '{_text[_pos]}'");
            return value;
        }

        private double Expr()
        {
            Enter();
            var value = Term();
            while (true)
            {
                SkipSpace();
                if (Eat('+')) value = Finite(value + Term());
                else if (Eat('-')) value = Finite(value - Term());
                else break;
            }
            _depth--;
            return value;
        }

        private double Term()
        {
            var value = Unary();
            while (true)
            {
                SkipSpace();
                if (Eat('*')) value = Finite(value * Unary());
                else if (Eat('/'))
                {
                    var divisor = Unary();
                    if (divisor == 0) throw new CalculatorException("Division by zero.");
                    value = Finite(value / divisor);
                }
                else if (Eat('%'))
                {
                    var divisor = Unary();
                    if (divisor == 0) throw new CalculatorException("Division by zero (modulo).");
                    value = value % divisor;
                }
                else break;
            }
            return value;
        }

        private double Unary()
        {
            Enter();
            SkipSpace();
            double value;
            if (Eat('-')) value = -Unary();
            else if (Eat('+')) value = Unary();
            else value = Power();
            _depth--;
            return value;
        }

        private double Power()
        {
            var value = Primary();
            SkipSpace();
            if (Eat('^'))
            {
                var exponent = Unary();
                if (value < 0 && exponent != Math.Floor(exponent))
                    throw new CalculatorException("A negative number cannot be raised to a fractional power.");
                if (value == 0 && exponent < 0) throw new CalculatorException("Division by zero (0 to a negative power).");
                value = Finite(Math.Pow(value, exponent));
            }
            return value;
        }

        private double Primary()
        {
            SkipSpace();
            if (_pos >= _text.Length) throw Syntax("the expression ends too early");
            var c = _text[_pos];
            if (Eat('('))
            {
                var inner = Expr();
                SkipSpace();
                if (!Eat(')')) throw Syntax("')' expected");
                return inner;
            }
            if (char.IsAsciiDigit(c) || c == '.') return Number();
            if (char.IsAsciiLetter(c)) return NameOrCall();
            throw Syntax($"unexpected '{c}'");
        }

        private double Number()
        {
            var start = _pos;
            while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] == '.')) _pos++;
            var token = _text.AsSpan(start, _pos - start);
            if (token.Length > 40 || token.Count('.') > 1
                || !double.TryParse(token, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                throw new CalculatorException($"Syntax error at position {start + 1}: '{token}' is not a number.");
            return value;
        }

        private double NameOrCall()
        {
            var start = _pos;
            while (_pos < _text.Length && char.IsAsciiLetterOrDigit(_text[_pos])) _pos++;
            var name = _text[start.._pos].ToLowerInvariant();
            SkipSpace();
            if (!Eat('('))
            {
                return name switch
                {
                    "pi" => Math.PI,
                    "e" => Math.E,
                    _ => throw new CalculatorException($"Unknown name '{name}' at position {start + 1}; known: pi, e, sqrt, abs, round, floor, ceil, min, max."),
                };
            }

            Span<double> args = stackalloc double[8];
            var count = 0;
            SkipSpace();
            if (!Eat(')'))
            {
                while (true)
                {
                    if (count == args.Length) throw new CalculatorException($"Too many arguments to {name} (at most {args.Length}).");
                    args[count++] = Expr();
                    SkipSpace();
                    if (Eat(')')) break;
                    if (!Eat(',')) throw Syntax("',' or ')' expected");
                }
            }
            return Call(name, start, args[..count]);
        }

        private static double Call(string name, int at, ReadOnlySpan<double> a)
        {
            switch (name)
            {
                case "sqrt":
                    Arity(a.Length, 1, 1, name);
                    if (a[0] < 0) throw new CalculatorException("sqrt of a negative number.");
                    return Math.Sqrt(a[0]);
                case "abs":
                    Arity(a.Length, 1, 1, name);
                    return Math.Abs(a[0]);
                case "floor":
                    Arity(a.Length, 1, 1, name);
                    return Math.Floor(a[0]);
                case "ceil":
                    Arity(a.Length, 1, 1, name);
                    return Math.Ceiling(a[0]);
                case "round":
                    Arity(a.Length, 1, 2, name);
                    var digits = a.Length == 2 ? a[1] : 0;
                    if (digits != Math.Floor(digits) || digits < 0 || digits > 15)
                        throw new CalculatorException("round's second argument is a whole number of digits from 0 to 15.");
                    return Math.Round(a[0], (int)digits, MidpointRounding.AwayFromZero);
                case "min" or "max":
                    if (a.Length == 0) throw new CalculatorException($"{name} takes at least one argument.");
                    var best = a[0];
                    for (var i = 1; i < a.Length; i++) best = name == "min" ? Math.Min(best, a[i]) : Math.Max(best, a[i]);
                    return best;
                default:
                    throw new CalculatorException($"Unknown function '{name}' at position {at + 1}; known: sqrt, abs, round, floor, ceil, min, max.");
            }
        }

        private static void Arity(int count, int min, int max, string name)
        {
            if (count < min || count > max)
                throw new CalculatorException(min == max
                    ? $"{name} takes {min} argument{(min == 1 ? "" : "s")}."
                    : $"{name} takes {min} to {max} arguments.");
        }

        private void Enter()
        {
            if (++_depth > MaxDepth) throw new CalculatorException($"The expression is nested deeper than {MaxDepth} levels.");
        }

        private static double Finite(double value) =>
            double.IsFinite(value) ? value : throw new CalculatorException("The result is not a finite number (overflow).");

        private bool Eat(char c)
        {
            if (_pos < _text.Length && _text[_pos] == c)
            {
                _pos++;
                return true;
            }
            return false;
        }

        private void SkipSpace()
        {
            while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
        }

        private readonly CalculatorException Syntax(string what) =>
            new($"Syntax error at position {_pos + 1}: {what}.");
    }
}

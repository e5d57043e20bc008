namespace Switchboard.ControlPlane.Functions.Builtins;

/// <summary>An expression that cannot be evaluated: bad syntax (with its position), division by zero, too long or deep.</summary>
internal sealed class CalculatorException : Exception
{
    public CalculatorException()
    {
    }

    public CalculatorException(string message) : base(message)
    {
    }

    public CalculatorException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

namespace Switchboard.ControlPlane.Functions;

/// <summary>Thrown by a function body for an expected failure; becomes a tool error with this code and message.</summary>
internal sealed class FunctionFailedException : Exception
{
    public FunctionFailedException(string code, string message) : base(message) => Code = code;

    public FunctionFailedException()
    {
        Code = FunctionErrorCodes.ExecutionFailed;
    }

    public FunctionFailedException(string message) : base(message) => Code = FunctionErrorCodes.ExecutionFailed;

    public FunctionFailedException(string message, Exception innerException) : base(message, innerException) =>
        Code = FunctionErrorCodes.ExecutionFailed;

    public string Code { get; }
}

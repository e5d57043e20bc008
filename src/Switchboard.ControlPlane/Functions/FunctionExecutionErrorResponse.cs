namespace Switchboard.ControlPlane.Functions;

internal sealed record FunctionExecutionErrorResponse(string Code, string Message);

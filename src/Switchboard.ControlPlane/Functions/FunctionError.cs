namespace Switchboard.ControlPlane.Functions;

/// <summary>A typed tool error: a stable <see cref="Code"/> (<see cref="FunctionErrorCodes"/>), a message
/// meant for the LLM, and for invalid arguments every problem found.</summary>
internal sealed record FunctionError(string Code, string Message, IReadOnlyList<ArgumentProblem>? Problems = null);

namespace Switchboard.ControlPlane.Functions;

/// <summary>One reason arguments were refused: where (a JSON path such as <c>location.city</c>, empty for the
/// whole object) and what to change, worded for an LLM to fix its call.</summary>
internal sealed record ArgumentProblem(string Path, string Message);

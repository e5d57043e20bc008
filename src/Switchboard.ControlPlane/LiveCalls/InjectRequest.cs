namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>Body of <c>POST /api/v1/calls/{id}/inject</c>.</summary>
/// <param name="Text">What to say or add.</param>
/// <param name="Mode"><c>say</c> (default): the agent says it when next idle; <c>context</c>: the model knows it from its next answer (LLM agents only).</param>
internal sealed record InjectRequest(string? Text, string? Mode);

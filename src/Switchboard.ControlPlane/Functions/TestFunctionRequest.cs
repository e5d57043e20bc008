using System.Text.Json;

namespace Switchboard.ControlPlane.Functions;

/// <summary>
/// Sample arguments for <c>POST /functions/{id}/test</c>; optionally a version, a call id to log, and the dynamic
/// variables a call would have (for an HTTP function's <c>{{name}}</c> placeholders).
/// </summary>
internal sealed record TestFunctionRequest(JsonElement? Arguments, int? Version, string? CallId,
    IReadOnlyDictionary<string, string>? DynamicVariables = null);

using System.Text.Json;

namespace Switchboard.ControlPlane.Functions;

/// <summary>Sample arguments for <c>POST /functions/{id}/test</c>; optionally a version and a call id to log.</summary>
internal sealed record TestFunctionRequest(JsonElement? Arguments, int? Version, string? CallId);

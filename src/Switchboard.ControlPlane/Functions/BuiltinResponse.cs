using System.Text.Json;

namespace Switchboard.ControlPlane.Functions;

/// <summary>A built-in; <c>runs_on</c> is <c>server</c> (runnable through /test) or <c>call</c> (the call engine runs it).</summary>
internal sealed record BuiltinResponse(string Name, string Description, JsonElement Parameters, string RunsOn);

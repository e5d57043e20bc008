using System.Text.Json;
using Switchboard.Realtime.Sessions;

namespace Switchboard.Realtime.Tools;

/// <summary>
/// One call of a tool. <paramref name="IdempotencyKey"/> is unique per call and tool call (call id + the model's tool
/// call id), so a retried or replayed invocation is recognised and not run twice.
/// </summary>
public sealed record ToolInvocation(CallContext Call, string IdempotencyKey, string Name, JsonElement Arguments);

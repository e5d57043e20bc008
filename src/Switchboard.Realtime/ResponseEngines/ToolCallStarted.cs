using System.Text.Json;

namespace Switchboard.Realtime.ResponseEngines;

/// <summary>A tool is about to run (already journaled under <paramref name="IdempotencyKey"/>).</summary>
public sealed record ToolCallStarted(string IdempotencyKey, string Name, JsonElement Arguments) : ResponseEvent;

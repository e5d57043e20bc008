using System.Text.Json;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

/// <summary>What a client sent to <see cref="FakeLlmServer"/>.</summary>
internal sealed record RecordedRequest(string Path, IReadOnlyDictionary<string, string> Headers, JsonElement Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

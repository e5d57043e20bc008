namespace Switchboard.Realtime.ResponseEngines;

/// <summary>Variables the engine collected or changed (a flow's <c>ask</c> node, a tool's response mapping).</summary>
public sealed record VariablesChanged(IReadOnlyDictionary<string, string> Values) : ResponseEvent;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>A <c>function</c> node's <c>result</c> entry: copy the value at <see cref="Path"/> into <see cref="Variable"/>.</summary>
internal sealed record FlowResultMapping(string Variable, SimpleJsonPath Path);

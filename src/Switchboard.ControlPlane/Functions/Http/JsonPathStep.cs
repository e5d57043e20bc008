namespace Switchboard.ControlPlane.Functions.Http;

/// <summary>One step of a <see cref="JsonPath"/>: a property name, or (when <see cref="Property"/> is null) an array index.</summary>
internal readonly record struct JsonPathStep(string? Property, int Index);

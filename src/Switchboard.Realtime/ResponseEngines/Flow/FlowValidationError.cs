namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// One problem in a flow document: <paramref name="Path"/> points at the offending field (<c>start</c>,
/// <c>nodes[3].next</c>, <c>nodes[2].conditions[0].regex</c>), <paramref name="Message"/> says what is wrong in words
/// an agent author can act on. Immutable.
/// </summary>
public sealed record FlowValidationError(string Path, string Message);

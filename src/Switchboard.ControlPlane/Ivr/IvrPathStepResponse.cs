namespace Switchboard.ControlPlane.Ivr;

/// <summary>
/// One step of a caller's path as stored and returned: <c>kind</c> is <c>entered</c>, <c>selected</c>, <c>invalid</c>,
/// <c>no_input</c> or <c>max_retries</c>; see <see cref="Realtime.ResponseEngines.Ivr.IvrPathStep"/>.
/// </summary>
internal sealed record IvrPathStepResponse(DateTimeOffset At, string NodeId, string Kind, string? Digit, string? Keyword, string? Detail);

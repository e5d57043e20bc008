namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>One step of the path a caller took through the menus, for the call's session record.</summary>
/// <param name="At">When it happened, on the call's clock.</param>
/// <param name="NodeId">The menu it happened in: <c>root</c>, <c>root/2</c>, <c>root/2/1</c>, ...</param>
/// <param name="Kind">What happened.</param>
/// <param name="Digit">The chosen option's key (<see cref="IvrStepKind.Selected"/>), or the key pressed that matched nothing.</param>
/// <param name="Keyword">The option keyword the caller said, when chosen by voice.</param>
/// <param name="Detail">For <see cref="IvrStepKind.Selected"/> and <see cref="IvrStepKind.MaxRetries"/> the action type
/// (<c>submenu</c>, <c>transfer</c>, ...); for <see cref="IvrStepKind.Invalid"/> what the caller said (at most 200 characters).</param>
public sealed record IvrPathStep(DateTimeOffset At, string NodeId, IvrStepKind Kind, string? Digit, string? Keyword, string? Detail);

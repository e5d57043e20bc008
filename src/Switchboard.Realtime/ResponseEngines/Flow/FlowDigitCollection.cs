namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// How the waiting <c>ask</c> node wants keypad input gathered: the session may end the caller's turn as soon as
/// <paramref name="MaxDigits"/> keys arrive or <paramref name="FinishOnKey"/> is pressed. Immutable.
/// </summary>
public sealed record FlowDigitCollection(int? MaxDigits, char? FinishOnKey);

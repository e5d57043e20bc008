namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>One menu choice: a keypad digit, optional spoken keywords, and what it does.</summary>
internal sealed record IvrOption(char Digit, IReadOnlyList<string> Keywords, IvrAction Action);

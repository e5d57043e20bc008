namespace Switchboard.Realtime.ResponseEngines;

/// <summary>Text to speak, in the order it should be spoken; may be a token, a sentence or a paragraph.</summary>
public sealed record TextDelta(string Text) : ResponseEvent;

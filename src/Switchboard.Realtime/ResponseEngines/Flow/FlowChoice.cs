namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>One option of an <c>ask</c> node: the value stored, the words that select it and its keypad digits.</summary>
internal sealed record FlowChoice(string Value, IReadOnlyList<string> Synonyms, string? Digit);

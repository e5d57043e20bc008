namespace Switchboard.Realtime.ResponseEngines;

/// <summary>One completed caller turn: what they said (final transcript) and/or the digits they pressed.</summary>
/// <param name="Text">The transcript; empty when the turn was digits only.</param>
/// <param name="Digits">Keypad digits pressed during the turn, in order; empty when none.</param>
public sealed record UserTurn(string Text, string Digits)
{
    public static UserTurn Speech(string text) => new(text, "");

    public static UserTurn Keypad(string digits) => new("", digits);
}

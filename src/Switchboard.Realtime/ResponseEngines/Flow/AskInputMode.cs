namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>What an <c>ask</c> node accepts: speech, keypad digits or either.</summary>
internal enum AskInputMode
{
    Speech,
    Digits,
    Both,
}

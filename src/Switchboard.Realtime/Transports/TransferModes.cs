namespace Switchboard.Realtime.Transports;

/// <summary>The two kinds of transfer an agent can make.</summary>
public static class TransferModes
{
    /// <summary>Hand the caller over and leave (SIP REFER, or a new call bridged to the caller when REFER is refused).</summary>
    public const string Cold = "cold";

    /// <summary>Call the target first, brief the person who answers, then bridge the caller; return to the caller if nobody answers.</summary>
    public const string Warm = "warm";
}

namespace Switchboard.Realtime.Transports;

/// <summary>How a transfer ended, as stored on the call and sent in <c>transfer.ended</c>.</summary>
public static class TransferOutcomeCodes
{
    /// <summary>The caller reached the target (the far end took the REFER, or the two legs are bridged).</summary>
    public const string Connected = "connected";

    /// <summary>The target did not answer in time.</summary>
    public const string NoAnswer = "no_answer";

    /// <summary>The target was busy.</summary>
    public const string Busy = "busy";

    /// <summary>Anything else: the carrier refused, the target rejected, the call ended, no target.</summary>
    public const string Failed = "failed";
}

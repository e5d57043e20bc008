namespace Switchboard.Audio.Rfc4733;

/// <summary>What told the receiver that an event was over.</summary>
public enum TelephoneEventEndReason
{
    /// <summary>A packet with the E bit arrived.</summary>
    EndPacket,

    /// <summary>All end packets were lost; a packet of a newer event arrived.</summary>
    NewEvent,

    /// <summary>All end packets were lost and nothing arrived for the configured timeout.</summary>
    Timeout,
}

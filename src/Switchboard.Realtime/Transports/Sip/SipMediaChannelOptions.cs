namespace Switchboard.Realtime.Transports.Sip;

/// <summary>Tuning of a <see cref="SipMediaChannel"/>. Read once at construction; share one instance freely.</summary>
public sealed class SipMediaChannelOptions
{
    /// <summary>
    /// In-band DTMF detection (Goertzel) on the caller's audio: true on, false off, null (default) on only when the peer
    /// negotiated no RFC 4733 telephone-event, so a tone is never reported twice (once as an event, once as audio).
    /// </summary>
    public bool? DetectInBandDtmf { get; init; }

    /// <summary>How long a transfer waits, after the peer's 202 to our REFER, for the final NOTIFY. Default 15 s.</summary>
    public TimeSpan TransferTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a hang-up waits for the answer to our BYE before giving up on it (the call is over either way). Default 2 s.</summary>
    public TimeSpan HangUpWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Caller inputs buffered ahead of the engine; the RTP session's own receive queue absorbs more. Default 16.</summary>
    public int InputCapacity { get; init; } = 16;

    /// <summary>
    /// Places the second call of a warm transfer, or of a cold one the peer refuses to REFER. Null (default): warm
    /// transfers are refused and a refused REFER fails the transfer.
    /// </summary>
    public ISipLegDialer? LegDialer { get; init; }

    /// <summary>Keeps joined calls alive after the agent's session ends; needed with <see cref="LegDialer"/>.</summary>
    public SipBridgeHost? Bridges { get; init; }

    /// <exception cref="ArgumentOutOfRangeException">A timeout is not positive or the capacity is below 1.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TransferTimeout, TimeSpan.Zero, nameof(TransferTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HangUpWait, TimeSpan.Zero, nameof(HangUpWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(InputCapacity, 1, nameof(InputCapacity));
    }
}

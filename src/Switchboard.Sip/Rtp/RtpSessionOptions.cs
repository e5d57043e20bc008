using Switchboard.Audio.Jitter;

namespace Switchboard.Sip.Rtp;

/// <summary>Tuning of an <see cref="RtpSession"/>. Mutable; read once at construction.</summary>
public sealed class RtpSessionOptions
{
    /// <summary>RTCP CNAME (RFC 3550 §6.5.1); a random one if null.</summary>
    public string? CanonicalName { get; set; }

    /// <summary>Frames the send queue holds (20 ms each). Writers wait when it is full. Default 10.</summary>
    public int OutboundCapacity { get; set; } = 10;

    /// <summary>Decoded frames the receive queue holds; the oldest is dropped when a reader falls behind. Default 50.</summary>
    public int InboundCapacity { get; set; } = 50;

    /// <summary>Interval between RTCP reports. Default 5 s.</summary>
    public TimeSpan RtcpInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Consecutive valid packets from one new source address before sending there (symmetric RTP). Default 2, so a
    /// single stray or spoofed packet does not steal the stream.
    /// </summary>
    public int SymmetricRtpPackets { get; set; } = 2;

    /// <summary>How long a DTMF digit is held by <see cref="RtpSession.SendDigit"/> when not told. Default 100 ms.</summary>
    public TimeSpan DefaultDigitDuration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// When true, every media clock tick puts a frame on <see cref="RtpSession.InboundFrames"/>: a silent one when the
    /// jitter buffer has nothing (before the first packet, DTX, on hold). A consumer that uses inbound audio as its clock
    /// (the call engine) then keeps running while the peer is quiet. Default false: only received and concealed audio.
    /// </summary>
    public bool DeliverSilenceWhenEmpty { get; set; }

    /// <summary>Jitter buffer settings; defaults if null. Its frame duration must stay 20 ms at 8 kHz.</summary>
    public JitterBufferOptions? JitterBuffer { get; set; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(OutboundCapacity, 1, nameof(OutboundCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(InboundCapacity, 1, nameof(InboundCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(RtcpInterval, TimeSpan.FromMilliseconds(100), nameof(RtcpInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(SymmetricRtpPackets, 1, nameof(SymmetricRtpPackets));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefaultDigitDuration, TimeSpan.Zero, nameof(DefaultDigitDuration));
        if (JitterBuffer is not null && JitterBuffer.FrameDuration != TimeSpan.FromMilliseconds(20))
        {
            throw new ArgumentException("The jitter buffer's FrameDuration must be 20 ms: received packets are repacketised into 20 ms frames.", nameof(JitterBuffer));
        }

        if (CanonicalName is not null && (CanonicalName.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(CanonicalName) > 255))
        {
            throw new ArgumentException("The CNAME must be 1 to 255 UTF-8 bytes.", nameof(CanonicalName));
        }
    }
}

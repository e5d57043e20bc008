namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>What the send loop is asked to do.</summary>
internal enum OutboundItemKind
{
    /// <summary>Send one frame of audio (dropped if a clear came after it was queued).</summary>
    Audio,

    /// <summary>Look at the flags (clear, tail mark) without sending audio.</summary>
    Wake,

    /// <summary>Let queued audio play out, then close the socket.</summary>
    Close,
}

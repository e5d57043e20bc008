namespace Switchboard.Sip.Parsing;

/// <summary>Outcome of <see cref="SipStreamFramer.TryFrame"/>.</summary>
public enum SipFrameStatus
{
    /// <summary>A whole message is in the buffer.</summary>
    Complete,

    /// <summary>More bytes are needed; keep them and read again.</summary>
    NeedMoreData,

    /// <summary>Only CRLF keep-alives (RFC 5626 §3.5.1) so far; discard <see cref="SipFrame.BytesConsumed"/> bytes.</summary>
    KeepAlive,

    /// <summary>The stream cannot be framed (no or bad Content-Length, too large): answer if possible, then close.</summary>
    Invalid,
}

namespace Switchboard.Sip.Parsing;

/// <summary>
/// Where one message sits in a stream buffer. On <see cref="SipFrameStatus.Complete"/> the message is
/// <c>buffer.Slice(MessageOffset, MessageLength)</c> and <see cref="BytesConsumed"/> bytes can be dropped from the
/// buffer. Immutable value.
/// </summary>
/// <param name="Status">The outcome.</param>
/// <param name="MessageOffset">Start of the message (after leading CRLFs).</param>
/// <param name="MessageLength">Length of header section plus body.</param>
/// <param name="BytesConsumed">Bytes to drop from the front of the buffer.</param>
/// <param name="Error">Why framing failed, for <see cref="SipFrameStatus.Invalid"/>.</param>
public readonly record struct SipFrame(SipFrameStatus Status, int MessageOffset, int MessageLength, int BytesConsumed, SipParseError? Error);

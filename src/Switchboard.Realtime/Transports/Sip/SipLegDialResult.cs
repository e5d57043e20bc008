using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Rtp;

namespace Switchboard.Realtime.Transports.Sip;

/// <summary>An answered leg (<see cref="Call"/> and its <see cref="Rtp"/>, both non-null) or a <see cref="Failure"/>.</summary>
public sealed record SipLegDialResult(SipCall? Call, RtpSession? Rtp, TransferOutcome? Failure)
{
    /// <summary>An answered leg.</summary>
    public static SipLegDialResult Answered(SipCall call, RtpSession rtp) => new(call, rtp, null);

    /// <summary>A leg that did not answer.</summary>
    public static SipLegDialResult Failed(string detail, string code) => new(null, null, new TransferOutcome(false, detail, code));
}

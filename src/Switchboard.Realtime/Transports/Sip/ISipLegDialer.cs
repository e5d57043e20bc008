namespace Switchboard.Realtime.Transports.Sip;

/// <summary>
/// Places the second call of a transfer for a <see cref="SipMediaChannel"/> (the SIP gateway implements it per call: it
/// knows the trunk, the credentials, the dial policy and the RTP ports).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public interface ISipLegDialer
{
    /// <summary>
    /// Calls <paramref name="target"/> (a phone number or SIP URI as tools write it) and waits for the answer, the ring
    /// timeout, or a failure. <paramref name="cancellationToken"/> cancels a ringing call (CANCEL).
    /// </summary>
    /// <returns>The answered leg with its media (owned by the caller from then on), or the failure with a
    /// <see cref="TransferOutcomeCodes"/> code.</returns>
    ValueTask<SipLegDialResult> DialAsync(string target, CancellationToken cancellationToken);
}

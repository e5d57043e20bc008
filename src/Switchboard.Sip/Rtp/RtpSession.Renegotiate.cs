using System.Net;
using System.Net.Sockets;
using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Rtp;

/// <summary>Renegotiation of a running <see cref="RtpSession"/>: a re-INVITE moved the stream or changed its direction.</summary>
public sealed partial class RtpSession
{
    /// <summary>
    /// Applies what the peer's answered re-INVITE negotiated: RTP and RTCP go to the new address and port (symmetric
    /// RTP starts over from there; c=0.0.0.0 sends nowhere), and sending stops or resumes with the new direction. The
    /// codec and both payload types must stay what the session was created with: changing them mid-call is not supported.
    /// The packet time is kept. Thread-safe; takes effect from the next clock tick.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="audio"/> is null.</exception>
    /// <exception cref="ArgumentException">The codec or a payload type differs, or the address is not an IP literal.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public void UpdateRemote(NegotiatedAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        bool alaw = audio.Codec.EncodingName.Equals("PCMA", StringComparison.OrdinalIgnoreCase);
        int? eventPayloadType = _eventPayloadType;
        if (alaw != _alaw || audio.Codec.ClockRate != 8000 || audio.PayloadType != _payloadType || audio.TelephoneEventPayloadType != eventPayloadType)
        {
            throw new ArgumentException(
                $"Changing codec or payload types mid-call is not supported: the session sends {(_alaw ? "PCMA" : "PCMU")}/{_payloadType} " +
                $"(events {eventPayloadType?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}), the renegotiation chose " +
                $"{audio.Codec.EncodingName}/{audio.PayloadType} (events {audio.TelephoneEventPayloadType?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).",
                nameof(audio));
        }

        (IPEndPoint? target, SocketAddress? rtcp) = RtpSessionSetup.Targets(audio, _lease.RtpSocket);
        lock (_gate)
        {
            _rtpTarget.Retarget(target);
            _rtcpTarget = rtcp;
        }

        _canSend = audio.CanSend;
    }
}

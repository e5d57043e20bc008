using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Switchboard.Audio.Frames;

namespace Switchboard.Sip.Rtp;

/// <summary>Validation and random initial values for <see cref="RtpSession"/> construction. Stateless; thread-safe.</summary>
internal static class RtpSessionSetup
{
    internal static byte ToPayloadType(int value) =>
        value is >= 0 and <= 127 ? (byte)value : throw new ArgumentException($"RTP payload type {value} is outside 0-127.", nameof(value));

    internal static IPAddress? ParseRemote(string address)
    {
        if (!IPAddress.TryParse(address, out IPAddress? ip))
        {
            throw new ArgumentException($"The remote media address '{address}' is not an IP literal; resolve it before creating the session.", nameof(address));
        }

        // RFC 2543 hold (c=0.0.0.0) and unspecified addresses mean "send nothing" until packets arrive.
        return ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) ? null : ip;
    }

    internal static IPAddress MapFamily(IPAddress remote, Socket socket) =>
        socket.AddressFamily == AddressFamily.InterNetworkV6 && remote.AddressFamily == AddressFamily.InterNetwork && socket.DualMode
            ? remote.MapToIPv6()
            : remote;

    /// <summary>
    /// Where RTP and RTCP go for <paramref name="audio"/>: nulls on hold (c=0.0.0.0) or a port of 0. RTCP uses a=rtcp,
    /// else the RTP port + 1.
    /// </summary>
    /// <exception cref="ArgumentException">The address is not an IP literal.</exception>
    internal static (IPEndPoint? Rtp, SocketAddress? Rtcp) Targets(Sdp.NegotiatedAudio audio, Socket socket)
    {
        IPAddress? remote = ParseRemote(audio.RemoteAddress);
        if (remote is null || audio.RemotePort is not (> 0 and <= 65535))
        {
            return (null, null);
        }

        remote = MapFamily(remote, socket);
        int rtcpPort = audio.RemoteRtcpPort is > 0 and <= 65535 ? audio.RemoteRtcpPort : audio.RemotePort + 1;
        return (new IPEndPoint(remote, audio.RemotePort), rtcpPort <= 65535 ? new IPEndPoint(remote, rtcpPort).Serialize() : null);
    }

    internal static uint RandomUInt32()
    {
        Span<byte> b = stackalloc byte[4];
        RandomNumberGenerator.Fill(b);
        return BitConverter.ToUInt32(b);
    }

    /// <summary>A frame the session can send: 160 samples at 8000 Hz, not disposed (a wrong one is disposed before the throw).</summary>
    /// <exception cref="ArgumentException">The frame is disposed or has the wrong shape.</exception>
    internal static void ValidateFrame(AudioFrame frame)
    {
        if (frame.IsDisposed)
        {
            throw new ArgumentException("The frame is disposed.", nameof(frame));
        }

        if (frame.SampleRate != 8000 || frame.Length != RtpSession.SamplesPerFrame)
        {
            int rate = frame.SampleRate;
            int length = frame.Length;
            frame.Dispose();
            throw new ArgumentException($"RTP frames are {RtpSession.SamplesPerFrame} samples at 8000 Hz; got {length} at {rate} Hz.", nameof(frame));
        }
    }
}

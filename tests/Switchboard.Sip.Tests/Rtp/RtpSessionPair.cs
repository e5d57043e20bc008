using System.Net;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Tests.Rtp;

/// <summary>Two sessions on loopback, each told (by default) to send to the other, on one real media clock.</summary>
internal sealed class RtpSessionPair : IAsyncDisposable
{
    private static int s_nextRange = 42000;

    private RtpSessionPair(RtpPortAllocator allocator, MediaClock clock)
    {
        Allocator = allocator;
        Clock = clock;
    }

    public RtpPortAllocator Allocator { get; }

    public MediaClock Clock { get; }

    public RtpSession A { get; private set; } = null!;

    public RtpSession B { get; private set; } = null!;

    public RtpPortLease LeaseA { get; private set; } = null!;

    public RtpPortLease LeaseB { get; private set; } = null!;

    public static RtpPortAllocator NewAllocator(int pairs = 20, IPAddress? bind = null)
    {
        int min = Interlocked.Add(ref s_nextRange, pairs * 2) - (pairs * 2);
        return new RtpPortAllocator(new RtpPortAllocatorOptions { MinPort = min, MaxPort = min + (pairs * 2) - 1, BindAddress = bind ?? IPAddress.Loopback });
    }

    public static NegotiatedAudio Audio(int remotePort, SdpCodec? codec = null, int? eventPt = 101, int? remoteRtcpPort = null, string address = "127.0.0.1") =>
        new(0, codec ?? SdpCodec.Pcmu, codec?.StaticPayloadType ?? 0, eventPt, 20, SdpDirection.SendRecv, address, remotePort, remoteRtcpPort ?? remotePort + 1);

    /// <param name="aSendsTo">Override of A's remote RTP port (for symmetric RTP and relay tests); B's by default. RTCP still goes to B's RTCP port.</param>
    /// <param name="bSendsTo">Override of B's remote RTP port; A's by default. RTCP still goes to A's RTCP port.</param>
    public static RtpSessionPair Create(SdpCodec? codec = null, RtpSessionOptions? options = null, int? aSendsTo = null, int? bSendsTo = null, string loopback = "127.0.0.1")
    {
        var pair = new RtpSessionPair(NewAllocator(bind: IPAddress.Parse(loopback)), new MediaClock());
        pair.LeaseA = pair.Allocator.Allocate();
        pair.LeaseB = pair.Allocator.Allocate();
        pair.A = new RtpSession(Audio(aSendsTo ?? pair.LeaseB.RtpPort, codec, remoteRtcpPort: pair.LeaseB.RtcpPort, address: loopback), pair.LeaseA, pair.Clock, options);
        pair.B = new RtpSession(Audio(bSendsTo ?? pair.LeaseA.RtpPort, codec, remoteRtcpPort: pair.LeaseA.RtcpPort, address: loopback), pair.LeaseB, pair.Clock, options);
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Clock.DisposeAsync();
    }
}

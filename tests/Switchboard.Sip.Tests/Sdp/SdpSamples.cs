namespace Switchboard.Sip.Tests.Sdp;

/// <summary>
/// Offers written in the style of real user agents (field layout, attribute sets and codec lists as those
/// products emit them; addresses from the documentation ranges).
/// </summary>
internal static class SdpSamples
{
    public static string Baresip => Crlf("""
        v=0
        o=- 1608235282 3244373735 IN IP4 192.0.2.10
        s=-
        c=IN IP4 192.0.2.10
        t=0 0
        m=audio 10292 RTP/AVP 96 9 0 8 101
        b=AS:128
        a=rtpmap:96 opus/48000/2
        a=fmtp:96 stereo=1;sprop-stereo=1
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=rtcp-rsize
        a=ssrc:2851329874 cname:7b4c2f1d-8c1e-4b3a-9d4e-1f2a3b4c5d6e
        a=sendrecv
        a=label:1
        a=ptime:20
        """);

    public static string Linphone => Crlf("""
        v=0
        o=alice 3094 1553 IN IP4 192.0.2.21
        s=Talk
        c=IN IP4 192.0.2.21
        t=0 0
        a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics
        a=record:off
        m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100
        a=rtpmap:96 opus/48000/2
        a=fmtp:96 useinbandfec=1
        a=rtpmap:97 speex/16000
        a=fmtp:97 vbr=on
        a=rtpmap:98 speex/8000
        a=fmtp:98 vbr=on
        a=fmtp:18 annexb=yes
        a=rtpmap:101 telephone-event/48000
        a=rtpmap:99 telephone-event/16000
        a=rtpmap:100 telephone-event/8000
        a=rtcp-fb:* trr-int 1000
        a=rtcp-fb:* ccm tmmbr
        m=video 9078 RTP/AVP 96 97
        a=rtpmap:96 VP8/90000
        a=rtpmap:97 H264/90000
        a=fmtp:97 profile-level-id=42801F
        a=rtcp-fb:* trr-int 1000
        a=rtcp-fb:96 nack pli
        """);

    public static string Asterisk => Crlf("""
        v=0
        o=- 1929583620 1929583620 IN IP4 203.0.113.5
        s=Asterisk
        c=IN IP4 203.0.113.5
        t=0 0
        m=audio 17552 RTP/AVP 0 8 3 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:3 GSM/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=ptime:20
        a=maxptime:150
        a=sendrecv
        """);

    public static string FreeSwitch => Crlf("""
        v=0
        o=FreeSWITCH 1700000000 1700000001 IN IP4 198.51.100.7
        s=FreeSWITCH
        c=IN IP4 198.51.100.7
        t=0 0
        m=audio 24580 RTP/AVP 102 9 8 0 101 13
        a=rtpmap:102 opus/48000/2
        a=fmtp:102 useinbandfec=1; maxaveragebitrate=30000; maxplaybackrate=48000; ptime=20; minptime=10; maxptime=40
        a=rtpmap:9 G722/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=rtpmap:13 CN/8000
        a=ptime:20
        a=sendrecv
        a=rtcp:24581 IN IP4 198.51.100.7
        """);

    public static string Twilio => Crlf("""
        v=0
        o=root 1193451871 1193451871 IN IP4 54.172.60.1
        s=Twilio Media Gateway
        c=IN IP4 54.172.60.1
        t=0 0
        m=audio 13452 RTP/AVP 0 8 126
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:126 telephone-event/8000
        a=fmtp:126 0-16
        a=ptime:20
        a=maxptime:20
        a=sendrecv
        """);

    public static string Cisco => Crlf("""
        v=0
        o=CiscoSystemsSIP-GW-UserAgent 4466 9185 IN IP4 198.51.100.20
        s=SIP Call
        c=IN IP4 198.51.100.20
        t=0 0
        m=audio 16384 RTP/AVP 18 0 8 101 19
        c=IN IP4 198.51.100.20
        a=rtpmap:18 G729/8000
        a=fmtp:18 annexb=no
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=rtpmap:19 CN/8000
        a=ptime:20
        """);

    /// <summary>Static payload types only, no rtpmap at all (legal per RFC 3551, seen from old gateways).</summary>
    public static string StaticOnly => Crlf("""
        v=0
        o=user1 53655765 2353687637 IN IP4 192.0.2.30
        s=-
        c=IN IP4 192.0.2.30
        t=0 0
        m=audio 6000 RTP/AVP 8 0
        """);

    public static string Ipv6 => Crlf("""
        v=0
        o=- 3912345678 3912345678 IN IP6 2001:db8::10
        s=-
        c=IN IP6 2001:db8::10
        t=0 0
        m=audio 40000 RTP/AVP 0 96
        a=rtpmap:0 PCMU/8000
        a=rtpmap:96 telephone-event/8000
        a=fmtp:96 0-16
        a=ptime:20
        """);

    /// <summary>RFC 2543-style hold as older Polycom/SNOM phones send it in a re-INVITE.</summary>
    public static string Rfc2543Hold => Crlf("""
        v=0
        o=polycom 1700 1702 IN IP4 192.0.2.40
        s=-
        c=IN IP4 0.0.0.0
        t=0 0
        m=audio 2222 RTP/AVP 0 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=sendrecv
        """);

    /// <summary>SRTP-only offer (SDES) that we cannot accept.</summary>
    public static string SrtpOnly => Crlf("""
        v=0
        o=- 20518 0 IN IP4 192.0.2.50
        s=-
        c=IN IP4 192.0.2.50
        t=0 0
        m=audio 30000 RTP/SAVP 0 8 101
        a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        """);

    public static IEnumerable<string> All =>
        [Baresip, Linphone, Asterisk, FreeSwitch, Twilio, Cisco, StaticOnly, Ipv6, Rfc2543Hold, SrtpOnly];

    public static TheoryData<string> Named => new()
    {
        nameof(Baresip), nameof(Linphone), nameof(Asterisk), nameof(FreeSwitch), nameof(Twilio), nameof(Cisco),
        nameof(StaticOnly), nameof(Ipv6), nameof(Rfc2543Hold), nameof(SrtpOnly),
    };

    public static string ByName(string name) => name switch
    {
        nameof(Baresip) => Baresip,
        nameof(Linphone) => Linphone,
        nameof(Asterisk) => Asterisk,
        nameof(FreeSwitch) => FreeSwitch,
        nameof(Twilio) => Twilio,
        nameof(Cisco) => Cisco,
        nameof(StaticOnly) => StaticOnly,
        nameof(Ipv6) => Ipv6,
        nameof(Rfc2543Hold) => Rfc2543Hold,
        nameof(SrtpOnly) => SrtpOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static string Crlf(string text) => text.ReplaceLineEndings("\r\n") + "\r\n";
}

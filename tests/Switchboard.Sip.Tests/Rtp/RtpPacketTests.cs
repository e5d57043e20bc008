using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

public sealed class RtpPacketTests
{
    [Fact]
    public void Parses_a_hand_built_packet_with_every_optional_part()
    {
        byte[] bytes =
        [
            0xB2, 0x88, 0x12, 0x34, 0x00, 0x00, 0x01, 0x40, 0xDE, 0xAD, 0xBE, 0xEF, // V=2 P X CC=2, M PT=8
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, // CSRCs
            0xBE, 0xDE, 0x00, 0x01, 0xAA, 0xBB, 0xCC, 0xDD, // extension, one word
            0x01, 0x02, 0x03, // payload
            0x00, 0x00, 0x03, // padding of 3
        ];
        RtpPacket p = RtpPacket.Parse(bytes);
        Assert.True(p.Marker);
        Assert.Equal(8, p.PayloadType);
        Assert.Equal(0x1234, p.SequenceNumber);
        Assert.Equal(320u, p.Timestamp);
        Assert.Equal(0xDEADBEEFu, p.Ssrc);
        Assert.Equal(2, p.CsrcCount);
        Assert.Equal(2u, p.GetCsrc(1));
        Assert.True(p.HasExtension);
        Assert.Equal(0xBEDE, p.ExtensionProfile);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD }, p.Extension.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, p.Payload.ToArray());
        Assert.Equal(3, p.PaddingLength);

        byte[] written = new byte[p.Size];
        Assert.Equal(bytes.Length, p.WriteTo(written));
        Assert.Equal(bytes, written);
    }

    [Fact]
    public void Round_trips_a_minimal_packet()
    {
        byte[] payload = new byte[160];
        payload[0] = 0x7F;
        var p = new RtpPacket(false, 0, 65535, uint.MaxValue, 42, payload);
        byte[] buffer = new byte[300];
        int n = p.WriteTo(buffer);
        Assert.Equal(172, n);
        RtpPacket q = RtpPacket.Parse(buffer.AsSpan(0, n));
        Assert.Equal(65535, q.SequenceNumber);
        Assert.Equal(uint.MaxValue, q.Timestamp);
        Assert.Equal(42u, q.Ssrc);
        Assert.False(q.HasExtension);
        Assert.Equal(0, q.CsrcCount);
        Assert.True(q.Payload.SequenceEqual(payload));
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0, 0, 0 }, "at least 12")]
    [InlineData(new byte[] { 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "version must be 2")]
    [InlineData(new byte[] { 0x81, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "CSRC list")]
    [InlineData(new byte[] { 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5 }, "header extension")]
    [InlineData(new byte[] { 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "padding count is 0")]
    [InlineData(new byte[] { 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9 }, "reaches into the header")]
    public void Rejects_malformed_packets_with_our_exception(byte[] bytes, string fragment)
    {
        RtpFormatException ex = Assert.Throws<RtpFormatException>(() => RtpPacket.Parse(bytes));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.False(RtpPacket.TryParse(bytes, out _));
    }

    [Fact]
    public void Writing_validates_its_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpPacket(false, 128, 0, 0, 0, default));
        Assert.Throws<ArgumentException>(() => new RtpPacket(false, 0, 0, 0, 0, default, new byte[3], null, default, 0));
        Assert.Throws<ArgumentException>(() => new RtpPacket(false, 0, 0, 0, 0, default, default, null, new byte[4], 0));
        byte[] small = new byte[11];
        Assert.Throws<ArgumentException>(() => new RtpPacket(false, 0, 0, 0, 0, default).WriteTo(small));
    }

    [Fact]
    public void Tells_rtcp_from_rtp_by_the_second_byte()
    {
        Assert.True(RtpPacket.LooksLikeRtcp([0x80, 200]));
        Assert.False(RtpPacket.LooksLikeRtcp([0x80, 0]));
        Assert.False(RtpPacket.LooksLikeRtcp([0x80, 0x88]));
    }
}

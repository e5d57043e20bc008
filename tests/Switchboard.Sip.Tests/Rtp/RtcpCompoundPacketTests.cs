using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

public sealed class RtcpCompoundPacketTests
{
    [Fact]
    public void Sender_report_with_sdes_and_bye_round_trips()
    {
        var block = new RtcpReportBlock(0x11223344, 64, -5, 0x0001FFFF, 37, 0xAABBCCDD, 65536);
        var compound = new RtcpCompoundPacket(
            senderReports: [new RtcpSenderReport(7, 0x0123456789ABCDEF, 160000, 50, 8000, [block])],
            sourceDescriptions: [new RtcpSdesChunk(7, "switchboard@host"), new RtcpSdesChunk(8, null)],
            byes: [new RtcpBye([7, 9], "call ended")]);
        byte[] bytes = compound.ToArray();
        Assert.Equal(0, bytes.Length % 4);
        Assert.Equal(0x81, bytes[0]);
        Assert.Equal(200, bytes[1]);

        RtcpCompoundPacket parsed = RtcpCompoundPacket.Parse(bytes);
        RtcpSenderReport sr = Assert.Single(parsed.SenderReports);
        Assert.Equal(7u, sr.Ssrc);
        Assert.Equal(0x0123456789ABCDEFul, sr.NtpTimestamp);
        Assert.Equal(160000u, sr.RtpTimestamp);
        Assert.Equal(50u, sr.PacketCount);
        Assert.Equal(8000u, sr.OctetCount);
        Assert.Equal(block, Assert.Single(sr.Reports));
        Assert.Equal(2, parsed.SourceDescriptions.Count);
        Assert.Equal("switchboard@host", parsed.SourceDescriptions[0].CanonicalName);
        Assert.Null(parsed.SourceDescriptions[1].CanonicalName);
        RtcpBye bye = Assert.Single(parsed.Byes);
        Assert.Equal(new uint[] { 7, 9 }, bye.Sources);
        Assert.Equal("call ended", bye.Reason);
        Assert.Equal(bytes, parsed.ToArray());
    }

    [Fact]
    public void Receiver_report_without_blocks_round_trips_and_unknown_types_are_skipped()
    {
        byte[] rr = new RtcpCompoundPacket(receiverReports: [new RtcpReceiverReport(99, [])]).ToArray();
        Assert.Equal(8, rr.Length);
        byte[] app = [0x80, 204, 0x00, 0x02, 0, 0, 0, 1, (byte)'n', (byte)'a', (byte)'m', (byte)'e'];
        RtcpCompoundPacket parsed = RtcpCompoundPacket.Parse([.. rr, .. app]);
        Assert.Equal(99u, Assert.Single(parsed.ReceiverReports).Ssrc);
        Assert.Equal(1, parsed.UnknownPackets);
    }

    [Fact]
    public void Rejects_a_compound_that_does_not_start_with_a_report()
    {
        byte[] bye = [0x81, 203, 0x00, 0x01, 0, 0, 0, 7];
        Assert.Throws<RtpFormatException>(() => RtcpCompoundPacket.Parse(bye));
    }

    [Fact]
    public void Rejects_lengths_that_do_not_add_up_and_padding_before_the_last_packet()
    {
        byte[] rr = new RtcpCompoundPacket(receiverReports: [new RtcpReceiverReport(1, [])]).ToArray();
        byte[] longer = [.. rr];
        longer[3] = 5;
        Assert.Throws<RtpFormatException>(() => RtcpCompoundPacket.Parse(longer));
        byte[] padded = [.. rr, .. rr];
        padded[0] |= 0x20;
        Assert.Throws<RtpFormatException>(() => RtcpCompoundPacket.Parse(padded));
        Assert.Throws<RtpFormatException>(() => RtcpCompoundPacket.Parse(rr.AsSpan(0, 7)));
    }

    [Fact]
    public void Construction_validates_counts_and_field_ranges()
    {
        Assert.Throws<ArgumentException>(() => new RtcpCompoundPacket(byes: [new RtcpBye([1], null)]));
        RtcpReportBlock[] tooMany = new RtcpReportBlock[32];
        Assert.Throws<ArgumentException>(() => new RtcpCompoundPacket(receiverReports: [new RtcpReceiverReport(1, tooMany)]));
        Assert.Throws<ArgumentException>(() => new RtcpCompoundPacket(receiverReports: [new RtcpReceiverReport(1, [new RtcpReportBlock(1, 0, 0x800000, 0, 0, 0, 0)])]));
        Assert.Throws<ArgumentException>(() => new RtcpCompoundPacket(
            receiverReports: [new RtcpReceiverReport(1, [])],
            sourceDescriptions: [new RtcpSdesChunk(1, new string('x', 256))]));
    }
}

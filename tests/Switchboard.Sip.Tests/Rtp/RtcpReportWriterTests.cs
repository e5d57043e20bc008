using System.Text;
using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

public sealed class RtcpReportWriterTests
{
    private static readonly RtcpReportBlock Block = new(0xCAFEBABE, 12, -3, 0x0001_1234, 77, 0x1234_5678, 65536);

    [Theory]
    [InlineData(true, true, false, "a")]
    [InlineData(true, false, false, "ab")]
    [InlineData(false, true, false, "abc")]
    [InlineData(false, false, false, "abcd")]
    [InlineData(true, true, true, "switchboard-0123456789ABCDEF")]
    [InlineData(false, false, true, "x")]
    public void Writes_the_same_bytes_as_the_compound_packet(bool senderReport, bool withBlock, bool bye, string cname)
    {
        const uint ssrc = 0x0102_0304;
        RtcpReportBlock[] blocks = withBlock ? [Block] : [];
        var expected = new RtcpCompoundPacket(
            senderReport ? [new RtcpSenderReport(ssrc, 0x1122_3344_5566_7788, 160_000, 1000, 160_000, blocks)] : null,
            senderReport ? null : [new RtcpReceiverReport(ssrc, blocks)],
            [new RtcpSdesChunk(ssrc, cname)],
            bye ? [new RtcpBye([ssrc], null)] : null).ToArray();

        byte[] cnameBytes = Encoding.UTF8.GetBytes(cname);
        byte[] buffer = new byte[RtcpReportWriter.MaxSize(cnameBytes.Length)];
        buffer.AsSpan().Fill(0xEE);
        RtcpSenderInfo? sender = senderReport ? new RtcpSenderInfo(0x1122_3344_5566_7788, 160_000, 1000, 160_000) : null;
        RtcpReportBlock? block = withBlock ? Block : null;
        int length = RtcpReportWriter.Write(buffer, ssrc, sender, block, cnameBytes, bye);

        Assert.Equal(expected, buffer.AsSpan(0, length).ToArray());
        RtcpCompoundPacket parsed = RtcpCompoundPacket.Parse(buffer.AsSpan(0, length));
        Assert.Equal(cname, parsed.SourceDescriptions[0].CanonicalName);
    }
}

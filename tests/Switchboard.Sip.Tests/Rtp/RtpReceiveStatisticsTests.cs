using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

public sealed class RtpReceiveStatisticsTests
{
    [Fact]
    public void Counts_loss_across_a_sequence_wrap_per_rfc3550_a3()
    {
        var stats = new RtpReceiveStatistics();
        foreach (ushort seq in new ushort[] { 65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 3, 4, 5 })
        {
            stats.Update(seq);
        }

        RtcpReportBlock block = stats.CreateBlock(77, 12, TimeSpan.Zero);
        Assert.Equal(77u, block.Ssrc);
        Assert.Equal(0x10005u, block.ExtendedHighestSequence);
        Assert.Equal(1, block.CumulativeLost);
        Assert.Equal(256 / 12, block.FractionLost);
        Assert.Equal(12u, block.Jitter);
        Assert.Equal(0u, block.LastSenderReport);

        stats.Update(6);
        stats.Update(7);
        RtcpReportBlock next = stats.CreateBlock(77, 0, TimeSpan.Zero);
        Assert.Equal(0, next.FractionLost);
        Assert.Equal(1, next.CumulativeLost);
    }

    [Fact]
    public void Duplicates_can_make_cumulative_loss_negative()
    {
        var stats = new RtpReceiveStatistics();
        stats.Update(10);
        stats.Update(11);
        stats.Update(11);
        Assert.Equal(-1, stats.CreateBlock(1, 0, TimeSpan.Zero).CumulativeLost);
    }

    [Fact]
    public void Lsr_and_dlsr_come_from_the_last_sender_report()
    {
        var stats = new RtpReceiveStatistics();
        stats.Update(1);
        stats.OnSenderReport(0x0001_2345_6789_0000UL, TimeSpan.FromSeconds(1));
        RtcpReportBlock block = stats.CreateBlock(1, 0, TimeSpan.FromSeconds(1.5));
        Assert.Equal(0x2345_6789u, block.LastSenderReport);
        Assert.Equal(32768u, block.DelaySinceLastSenderReport);
    }

    [Fact]
    public void Ntp_time_counts_from_1900_with_a_binary_fraction()
    {
        var t = new DateTimeOffset(1900, 1, 1, 0, 0, 1, TimeSpan.Zero).AddMilliseconds(500);
        Assert.Equal(0x0000_0001_8000_0000UL, NtpTime.FromDateTime(t));
        Assert.Equal(0x0001_8000u, NtpTime.Middle(NtpTime.FromDateTime(t)));
    }
}

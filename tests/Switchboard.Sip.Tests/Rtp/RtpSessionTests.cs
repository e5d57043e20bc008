using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Rfc4733;
using Switchboard.Sip.Rtp;
using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Tests.Rtp;

public sealed class RtpSessionTests
{
    public static TheoryData<string> Codecs => new() { "PCMU", "PCMA" };

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task A_tone_sent_one_way_arrives_decoded_at_the_right_frequency(string codec)
    {
        await using RtpSessionPair pair = RtpSessionPair.Create(codec == "PCMA" ? SdpCodec.Pcma : SdpCodec.Pcmu);
        CancellationToken token = TestTimeout.Token();
        Task producer = Task.Run(
            async () =>
            {
                for (int i = 0; i < 100; i++)
                {
                    AudioFrame frame = AudioFrame.Rent(8000, RtpSession.SamplesPerFrame, i * 160L, DateTimeOffset.UnixEpoch);
                    ToneAnalysis.Tone(frame.Samples, 1000, i * 160L);
                    await pair.A.SendAsync(frame, token);
                }
            },
            token);

        var tone = new List<short>();
        while (tone.Count < 40 * RtpSession.SamplesPerFrame)
        {
            using AudioFrame frame = await pair.B.InboundFrames.ReadAsync(token);
            Assert.Equal(8000, frame.SampleRate);
            if (ToneAnalysis.Rms(frame.Samples) > 1000)
            {
                tone.AddRange(frame.Samples.ToArray());
            }
        }

        await producer;
        short[] samples = tone.ToArray();
        double at1000 = ToneAnalysis.Power(samples, 1000);
        Assert.True(at1000 > 100 * ToneAnalysis.Power(samples, 700), "1000 Hz should dominate 700 Hz");
        Assert.True(at1000 > 100 * ToneAnalysis.Power(samples, 1400), "1000 Hz should dominate 1400 Hz");
        Assert.Equal(pair.A.Ssrc, pair.B.Statistics.RemoteSsrc);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Dtmf_goes_both_ways_and_each_digit_arrives_exactly_once(string loopback)
    {
        await using RtpSessionPair pair = RtpSessionPair.Create(loopback: loopback);
        CancellationToken token = TestTimeout.Token();
        pair.A.SendDigit('5');
        pair.A.SendDigit('7', TimeSpan.FromMilliseconds(60));
        pair.B.SendDigit('#');
        pair.B.SendDigit('D');

        ReceivedTelephoneEvent first = await pair.B.Digits.ReadAsync(token);
        ReceivedTelephoneEvent second = await pair.B.Digits.ReadAsync(token);
        Assert.Equal('5', first.Digit);
        // On a starved machine the clock can stall past the receiver's end timeout, which then ends the event at the
        // last update (50 ms) instead of the end packet; the digit must still arrive once.
        Assert.InRange(first.Duration, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
        Assert.True(first.EndReason == TelephoneEventEndReason.EndPacket || first.Duration < TimeSpan.FromMilliseconds(100));
        Assert.Equal('7', second.Digit);
        Assert.NotEqual(first.Timestamp, second.Timestamp);

        Assert.Equal('#', (await pair.A.Digits.ReadAsync(token)).Digit);
        Assert.Equal('D', (await pair.A.Digits.ReadAsync(token)).Digit);

        // A third digit proves nothing was queued twice between the first ones.
        pair.A.SendDigit('1');
        Assert.Equal('1', (await pair.B.Digits.ReadAsync(token)).Digit);
        Assert.False(pair.B.Digits.TryRead(out _));
    }

    [Fact]
    public async Task Rtcp_sender_reports_carry_consistent_counts_and_a_report_block_on_the_peer()
    {
        var options = new RtpSessionOptions { RtcpInterval = TimeSpan.FromMilliseconds(400), CanonicalName = "a@test" };
        await using RtpSessionPair pair = RtpSessionPair.Create(options: options);
        CancellationToken token = TestTimeout.Token();

        // Wait for a report that already covers the peer's stream.
        RtcpCompoundPacket report;
        do
        {
            report = await pair.B.ReceivedRtcp.ReadAsync(token);
        }
        while (report.SenderReports.Count == 0 || report.SenderReports[0].Reports.Count == 0);

        RtcpSenderReport sr = report.SenderReports[0];
        Assert.Equal(pair.A.Ssrc, sr.Ssrc);
        Assert.True(sr.PacketCount > 0);
        Assert.Equal(sr.PacketCount * 160u, sr.OctetCount);
        RtcpReportBlock block = Assert.Single(sr.Reports);
        Assert.Equal(pair.B.Ssrc, block.Ssrc);
        Assert.Equal(0, block.FractionLost);
        Assert.Equal(0, block.CumulativeLost);
        Assert.True(block.ExtendedHighestSequence > 0);
        Assert.Equal("a@test", Assert.Single(report.SourceDescriptions).CanonicalName);
        Assert.Equal(pair.A.Ssrc, report.SourceDescriptions[0].Ssrc);

        DateTimeOffset ntp = new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(sr.NtpTimestamp >> 32);
        Assert.InRange(ntp, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        await pair.A.DisposeAsync();
        RtcpCompoundPacket last;
        do
        {
            last = await pair.B.ReceivedRtcp.ReadAsync(token);
        }
        while (last.Byes.Count == 0);

        Assert.Equal(pair.A.Ssrc, Assert.Single(Assert.Single(last.Byes).Sources));
    }

    [Fact]
    public async Task Symmetric_rtp_sends_to_where_packets_come_from()
    {
        // A's SDP points at a dead address (as a private address behind NAT would); B's points at A.
        using var dead = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        dead.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int deadPort = ((IPEndPoint)dead.LocalEndPoint!).Port;
        await using RtpSessionPair pair = RtpSessionPair.Create(aSendsTo: deadPort);
        CancellationToken token = TestTimeout.Token();
        Assert.Equal(deadPort, pair.A.Statistics.RtpTarget!.Port);

        using AudioFrame frame = await pair.B.InboundFrames.ReadAsync(token);
        Assert.Equal(pair.LeaseB.RtpPort, pair.A.Statistics.RtpTarget!.Port);
        Assert.Equal(pair.A.Ssrc, pair.B.Statistics.RemoteSsrc);
    }

    [Fact]
    public async Task Loss_and_reordering_through_a_relay_show_in_jitter_statistics_and_rtcp()
    {
        var options = new RtpSessionOptions { RtcpInterval = TimeSpan.FromMilliseconds(400) };
        await using var relay = new LossyRelay();
        await using RtpSessionPair pair = RtpSessionPair.Create(options: options, aSendsTo: relay.Port, bSendsTo: relay.Port);
        relay.Start(new IPEndPoint(IPAddress.Loopback, pair.LeaseA.RtpPort), new IPEndPoint(IPAddress.Loopback, pair.LeaseB.RtpPort));
        CancellationToken token = TestTimeout.Token();

        RtcpCompoundPacket report;
        do
        {
            report = await pair.A.ReceivedRtcp.ReadAsync(token);
        }
        while (report.SenderReports.Count == 0 || report.SenderReports[0].Reports.Count == 0 || report.SenderReports[0].Reports[0].CumulativeLost < 2);

        RtcpReportBlock block = report.SenderReports[0].Reports[0];
        Assert.Equal(pair.A.Ssrc, block.Ssrc);
        Assert.InRange(block.CumulativeLost, 2, 1000);
        Assert.True(pair.B.JitterStatistics.Lost + pair.B.JitterStatistics.Late >= 2);
        Assert.True(pair.B.JitterStatistics.Reordered >= 1);
        Assert.True(relay.Dropped >= 2);
    }

    [Fact]
    public async Task Dispose_releases_ports_and_leaves_the_clock_on_every_path()
    {
        RtpPortAllocator allocator = RtpSessionPair.NewAllocator(4);
        await using var clock = new MediaClock();

        // Normal close.
        RtpPortLease lease = allocator.Allocate();
        int port = lease.RtpPort;
        var session = new RtpSession(RtpSessionPair.Audio(9), lease, clock);
        Assert.Equal(1, clock.ParticipantCount);
        await session.DisposeAsync();
        await session.DisposeAsync();
        Assert.Equal(0, clock.ParticipantCount);
        Assert.Equal(0, allocator.InUse);
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }

        // Construction failure: the lease still comes back.
        Assert.Throws<ArgumentException>(() => new RtpSession(RtpSessionPair.Audio(9, new SdpCodec("opus", 48000, null)), allocator.Allocate(), clock));
        Assert.Throws<ArgumentException>(() => new RtpSession(RtpSessionPair.Audio(9) with { RemoteAddress = "pbx.example" }, allocator.Allocate(), clock));
        Assert.Equal(0, allocator.InUse);
        Assert.Equal(0, clock.ParticipantCount);

        // Cancellation of a waiting sender, then close. The clock runs on virtual time that never advances: a real tick
        // between the two sends would drain the queue and the second send would not wait.
        await using var stoppedClock = new MediaClock(timeProvider: new FakeTimeProvider());
        var options = new RtpSessionOptions { OutboundCapacity = 1 };
        session = new RtpSession(RtpSessionPair.Audio(9) with { RemoteAddress = "0.0.0.0" }, allocator.Allocate(), stoppedClock, options);
        using var cts = new CancellationTokenSource();
        Assert.True(session.TrySend(AudioFrame.Rent(8000, 160, 0, DateTimeOffset.UnixEpoch)));
        ValueTask blocked = session.SendAsync(AudioFrame.Rent(8000, 160, 0, DateTimeOffset.UnixEpoch), cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await blocked);
        await session.DisposeAsync();
        Assert.Equal(0, allocator.InUse);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await session.SendAsync(AudioFrame.Rent(8000, 160, 0, DateTimeOffset.UnixEpoch)));
    }

    [Fact]
    public async Task Public_entry_points_validate_input()
    {
        RtpPortAllocator allocator = RtpSessionPair.NewAllocator(2);
        await using var clock = new MediaClock();
        await using var session = new RtpSession(RtpSessionPair.Audio(9, eventPt: null), allocator.Allocate(), clock);
        Assert.Throws<ArgumentException>(() => session.TrySend(AudioFrame.Rent(8000, 80, 0, DateTimeOffset.UnixEpoch)));
        Assert.Throws<ArgumentException>(() => session.TrySend(AudioFrame.Rent(16000, 160, 0, DateTimeOffset.UnixEpoch)));
        Assert.Throws<InvalidOperationException>(() => session.SendDigit('1'));
        Assert.Throws<ArgumentException>(() => session.SendDigit('x'));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.SendDigit('1', TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => new RtpSession(RtpSessionPair.Audio(9) with { PayloadType = 300 }, allocator.Allocate(), clock));
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

public sealed class MediaClockTests
{
    [Fact]
    public async Task Ticks_every_20_ms_exactly_without_drift_over_10000_ticks()
    {
        var time = new FakeTimeProvider();
        await using var clock = new MediaClock(timeProvider: time);
        var probe = new RecordingParticipant();
        clock.Register(probe);
        for (long i = 1; i <= 10_000; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            (long tick, TimeSpan elapsed) = await probe.Ticks.Reader.ReadAsync(TestTimeout.Token());
            Assert.Equal(i, tick);
            Assert.Equal(TimeSpan.FromMilliseconds(20 * i), elapsed);
        }

        Assert.Equal(0, clock.MissedTicks);
        Assert.Equal(10_000, clock.Ticks);
    }

    [Fact]
    public async Task A_stall_is_reported_as_missed_ticks_and_numbering_follows_time()
    {
        var time = new FakeTimeProvider();
        await using var clock = new MediaClock(timeProvider: time);
        var probe = new RecordingParticipant();
        clock.Register(probe);
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(1, (await probe.Ticks.Reader.ReadAsync(TestTimeout.Token())).Tick);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(6, (await probe.Ticks.Reader.ReadAsync(TestTimeout.Token())).Tick);
        Assert.Equal(4, clock.MissedTicks);
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(7, (await probe.Ticks.Reader.ReadAsync(TestTimeout.Token())).Tick);
    }

    [Fact]
    public async Task Drives_many_participants_from_one_loop_and_survives_a_faulty_one()
    {
        var time = new FakeTimeProvider();
        await using var clock = new MediaClock(timeProvider: time);
        var first = new RecordingParticipant();
        var second = new RecordingParticipant();
        clock.Register(new ThrowingParticipant());
        clock.Register(first);
        clock.Register(second);
        clock.Register(second);
        Assert.Equal(3, clock.ParticipantCount);
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(1, (await first.Ticks.Reader.ReadAsync(TestTimeout.Token())).Tick);
        Assert.Equal(1, (await second.Ticks.Reader.ReadAsync(TestTimeout.Token())).Tick);
        Assert.Equal(1, clock.ParticipantFaults);

        Assert.True(clock.Unregister(first));
        Assert.False(clock.Unregister(first));
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(2, (await second.Ticks.Reader.ReadAsync(TestTimeout.Token())).Tick);
        Assert.False(first.Ticks.Reader.TryRead(out _));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaClock(TimeSpan.Zero));
    }

    private sealed class RecordingParticipant : IMediaClockParticipant
    {
        public Channel<(long Tick, TimeSpan Elapsed)> Ticks { get; } = Channel.CreateUnbounded<(long, TimeSpan)>();

        public void OnTick(long tick, TimeSpan elapsed) => Ticks.Writer.TryWrite((tick, elapsed));
    }

    private sealed class ThrowingParticipant : IMediaClockParticipant
    {
        public void OnTick(long tick, TimeSpan elapsed) => throw new InvalidOperationException("boom");
    }
}

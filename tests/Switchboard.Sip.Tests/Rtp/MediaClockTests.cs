using System.Collections.Concurrent;
using System.Globalization;
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
    public async Task Within_a_tick_every_participant_sends_before_any_receives()
    {
        // With 500 SIP calls the receive work interleaved with the sends spread one tick's packets over 6–19 ms (load
        // run of 2026-11-24), so each call's packet spacing depended on the other calls' decoding.
        var time = new FakeTimeProvider();
        await using var clock = new MediaClock(timeProvider: time);
        var log = new ConcurrentQueue<string>();
        var first = new PhasedParticipant("a", log);
        var second = new PhasedParticipant("b", log);
        clock.Register(first);
        clock.Register(second);
        for (int i = 1; i <= 2; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            Assert.Equal(i, await second.AfterTicks.Reader.ReadAsync(TestTimeout.Token()));
        }

        Assert.Equal(["send a 1", "send b 1", "after a 1", "after b 1", "send a 2", "send b 2", "after a 2", "after b 2"], log.ToArray());
    }

    [Fact]
    public async Task On_the_system_clock_the_reported_priority_is_what_the_scheduler_applies()
    {
        // .NET ignores ThreadPriority on Linux: the clock thread ran at nice 0 although marked AboveNormal.
        await using var clock = new MediaClock();
        var probe = new RecordingParticipant();
        clock.Register(probe);
        await probe.Ticks.Reader.ReadAsync(TestTimeout.Token());
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(clock.ElevatedPriority);
            return;
        }

        Assert.True(clock.ThreadId > 0);
        int processNice = Nice("/proc/self/stat");
        int threadNice = Nice($"/proc/self/task/{clock.ThreadId}/stat");
        Assert.Equal(clock.ElevatedPriority ? -10 : processNice, threadNice);
    }

    [Fact]
    public async Task Asked_for_real_time_the_clock_thread_reports_the_policy_the_kernel_applies()
    {
        await using var clock = new MediaClock(realTime: true);
        var probe = new RecordingParticipant();
        clock.Register(probe);
        await probe.Ticks.Reader.ReadAsync(TestTimeout.Token());
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(MediaClockScheduling.Normal, clock.Scheduling);
            return;
        }

        // Field 41 of /proc/PID/task/TID/stat is the policy (1 = SCHED_FIFO), field 40 the real-time priority.
        var fields = StatFields($"/proc/self/task/{clock.ThreadId}/stat");
        Assert.Equal(clock.Scheduling == MediaClockScheduling.RealTime ? "1" : "0", fields[38]);
        Assert.Equal(clock.Scheduling == MediaClockScheduling.RealTime ? "10" : "0", fields[37]);
        // CI runs as root, where the kernel allows it: there the request must have been honoured.
        if (Environment.UserName == "root") Assert.Equal(MediaClockScheduling.RealTime, clock.Scheduling);
    }

    [Fact]
    public async Task A_tick_run_after_its_boundary_is_counted_late_with_its_lateness()
    {
        var time = new FakeTimeProvider();
        await using var clock = new MediaClock(timeProvider: time);
        var probe = new RecordingParticipant();
        clock.Register(probe);
        time.Advance(TimeSpan.FromMilliseconds(20));
        await probe.Ticks.Reader.ReadAsync(TestTimeout.Token());
        Assert.Equal(0, clock.LateTicks);

        // The timer for tick 2 fires only once the clock has passed its boundary by 5 ms.
        time.Advance(TimeSpan.FromMilliseconds(25));
        Assert.Equal(2, (await probe.Ticks.Reader.ReadAsync(TestTimeout.Token())).Tick);
        Assert.Equal(1, clock.LateTicks);
        Assert.Equal(TimeSpan.FromMilliseconds(5), clock.MaxTickLateness);
        // MaxTickDuration is not asserted: the test's Advance may land while the clock thread is still closing tick 1
        // (after OnTick returned), which then legitimately measures the advance as that tick's duration.
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

    /// <summary>Field 19 of proc(5) stat, counted after the parenthesised command name (which may hold spaces).</summary>
    private static int Nice(string statPath) => int.Parse(StatFields(statPath)[16], CultureInfo.InvariantCulture);

    // The fields after the command name, which may itself hold spaces: index 0 is field 3 (state).
    private static string[] StatFields(string statPath)
    {
        string stat = File.ReadAllText(statPath);
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private sealed class PhasedParticipant(string name, ConcurrentQueue<string> log) : IMediaClockParticipant
    {
        public Channel<long> AfterTicks { get; } = Channel.CreateUnbounded<long>();

        public void OnTick(long tick, TimeSpan elapsed) => log.Enqueue($"send {name} {tick}");

        public void AfterTick(long tick, TimeSpan elapsed)
        {
            log.Enqueue($"after {name} {tick}");
            AfterTicks.Writer.TryWrite(tick);
        }
    }

    private sealed class ThrowingParticipant : IMediaClockParticipant
    {
        public void OnTick(long tick, TimeSpan elapsed) => throw new InvalidOperationException("boom");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.ControlPlane.Calls;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.ControlPlane.Tests.Calls;

/// <summary>The recorder's own guarantees, on a real SQLite database, with its loop run by the test.</summary>
public sealed class CallRecorderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Events_of_a_call_that_never_started_are_dropped_and_the_rest_is_written()
    {
        await using var database = await SqliteCallDatabase.CreateAsync();
        await using var run = Run(database);
        await run.Recorder.OnEventAsync(new Utterance("call_ghost", T0, TimeSpan.Zero, UtteranceRole.User, "hello?", TimeSpan.Zero, TimeSpan.Zero, false), default);
        await run.Recorder.OnEventAsync(Started("call_1", "org_a"), default);
        await run.Recorder.OnEventAsync(new Utterance("call_1", T0, TimeSpan.FromSeconds(1), UtteranceRole.Agent, "Hi", TimeSpan.Zero, TimeSpan.FromSeconds(1), false), default);
        await run.Recorder.FlushAsync(default);

        await using var db = database.Contexts.Create("org_a");
        Assert.Equal([1, 2], await db.CallEvents.Where(e => e.CallId == "call_1").OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        Assert.Equal(0, await db.CallEvents.IgnoreQueryFilters().CountAsync(e => e.CallId == "call_ghost"));
    }

    [Fact]
    public async Task A_failed_write_of_one_organization_does_not_lose_another_organizations_events()
    {
        await using var database = await SqliteCallDatabase.CreateAsync();
        await using (var first = Run(database))
        {
            await first.Recorder.OnEventAsync(Started("call_x", "org_a"), default);
            await first.Recorder.FlushAsync(default);
        }

        // A fresh recorder (as after a restart) is told org B started call_x: org A's row must not move.
        await using var second = Run(database);
        await second.Recorder.OnEventAsync(Started("call_x", "org_b", agentId: "agent_b"), default);
        await second.Recorder.OnEventAsync(Started("call_y", "org_c"), default);
        await second.Recorder.FlushAsync(default);

        await using var a = database.Contexts.Create("org_a");
        var x = await a.Calls.SingleAsync(c => c.Id == "call_x");
        Assert.Equal("agent_1", x.AgentId);
        await using var b = database.Contexts.Create("org_b");
        Assert.False(await b.Calls.AnyAsync());
        await using var c = database.Contexts.Create("org_c");
        Assert.True(await c.Calls.AnyAsync(c => c.Id == "call_y"));
    }

    [Fact]
    public async Task A_second_start_under_another_organization_is_ignored()
    {
        await using var database = await SqliteCallDatabase.CreateAsync();
        await using var run = Run(database);
        await run.Recorder.OnEventAsync(Started("call_1", "org_a"), default);
        await run.Recorder.OnEventAsync(Started("call_1", "org_b", agentId: "agent_b"), default);
        await run.Recorder.FlushAsync(default);

        await using var a = database.Contexts.Create("org_a");
        Assert.Equal("agent_1", (await a.Calls.SingleAsync()).AgentId);
        Assert.Equal(1, await a.CallEvents.CountAsync());
    }

    [Fact]
    public async Task A_registered_call_is_taken_over_by_its_start_and_the_state_is_released_at_the_end()
    {
        await using var database = await SqliteCallDatabase.CreateAsync();
        await using (var db = database.Contexts.Create("org_a"))
        {
            db.Calls.Add(new Call { Id = "call_r", AgentId = "agent_1", Direction = "outbound", CreatedAt = T0.AddMinutes(-1), Metadata = """{"crm":"42"}""" });
            await db.SaveChangesAsync();
        }

        await using var run = Run(database);
        await run.Recorder.OnEventAsync(Started("call_r", "org_a", CallDirection.Outbound), default);
        await run.Recorder.FlushAsync(default);
        Assert.Equal(1, run.Recorder.OpenCalls);
        await run.Recorder.OnEventAsync(new CallEnded("call_r", T0.AddSeconds(42.5), TimeSpan.FromSeconds(42.5), "agent_hangup", "/data/rec/call_r.wav"), default);
        await run.Recorder.FlushAsync(default);
        Assert.Equal(0, run.Recorder.OpenCalls);

        await using var check = database.Contexts.Create("org_a");
        var call = await check.Calls.SingleAsync();
        Assert.Equal(T0.AddMinutes(-1), call.CreatedAt);
        Assert.Equal(T0, call.StartedAt);
        Assert.Equal("""{"crm":"42"}""", call.Metadata);
        Assert.Equal(CallStatuses.Ended, call.Status);
        Assert.Equal(42_500, call.DurationMs);
        Assert.Equal("/data/rec/call_r.wav", call.RecordingPath);
    }

    [Fact]
    public async Task A_call_that_never_ends_is_forgotten_a_day_after_its_last_event()
    {
        await using var database = await SqliteCallDatabase.CreateAsync();
        await using var run = Run(database);
        await run.Recorder.OnEventAsync(Started("call_lost", "org_a"), default);
        await run.Recorder.OnEventAsync(new DigitEvent("call_lost", T0.AddHours(1), TimeSpan.FromHours(1), "5", true), default);
        await run.Recorder.OnEventAsync(new CallStarted("call_next", T0.AddHours(24), TimeSpan.Zero, "org_a", "agent_1", 1, CallDirection.Web, null, null), default);
        await run.Recorder.FlushAsync(default);
        Assert.Equal(2, run.Recorder.OpenCalls);

        await run.Recorder.OnEventAsync(new DigitEvent("call_next", T0.AddHours(25).AddSeconds(1), TimeSpan.FromHours(1), "6", true), default);
        await run.Recorder.FlushAsync(default);
        Assert.Equal(1, run.Recorder.OpenCalls);

        // A late event of the forgotten call is no longer recorded; the record keeps what it had.
        await run.Recorder.OnEventAsync(new DigitEvent("call_lost", T0.AddHours(26), TimeSpan.FromHours(26), "7", true), default);
        await run.Recorder.FlushAsync(default);
        await using var db = database.Contexts.Create("org_a");
        Assert.Equal(2, await db.CallEvents.CountAsync(e => e.CallId == "call_lost"));
        Assert.Equal(CallStatuses.InProgress, (await db.Calls.SingleAsync(c => c.Id == "call_lost")).Status);
    }

    [Fact]
    public async Task Completing_writes_what_is_queued_and_later_events_are_refused_quietly()
    {
        await using var database = await SqliteCallDatabase.CreateAsync();
        var recorder = new CallRecorder(database.Contexts, NullLogger<CallRecorder>.Instance);
        await recorder.OnEventAsync(Started("call_1", "org_a"), default);
        await recorder.OnEventAsync(new DigitEvent("call_1", T0, TimeSpan.FromSeconds(2), "9", true), default);
        recorder.Complete();
        await recorder.RunAsync(default);
        await recorder.OnEventAsync(new DigitEvent("call_1", T0, TimeSpan.FromSeconds(3), "8", true), default);

        await using var db = database.Contexts.Create("org_a");
        Assert.Equal(2, await db.CallEvents.CountAsync());
    }

    [Fact]
    public async Task Invalid_events_are_refused_with_argument_exceptions()
    {
        await using var database = await SqliteCallDatabase.CreateAsync();
        var recorder = new CallRecorder(database.Contexts, NullLogger<CallRecorder>.Instance);
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await recorder.OnEventAsync(null!, default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await recorder.OnEventAsync(Started("", "org_a"), default));
    }

    private static CallStarted Started(string callId, string organizationId, CallDirection direction = CallDirection.Inbound, string agentId = "agent_1") =>
        new(callId, T0, TimeSpan.Zero, organizationId, agentId, 1, direction, "+15550100", "+15550199");

    private static RecorderRun Run(SqliteCallDatabase database) => new(new CallRecorder(database.Contexts, NullLogger<CallRecorder>.Instance));

    private sealed class RecorderRun : IAsyncDisposable
    {
        private readonly Task _loop;

        public RecorderRun(CallRecorder recorder)
        {
            Recorder = recorder;
            _loop = recorder.RunAsync(CancellationToken.None);
        }

        public CallRecorder Recorder { get; }

        public async ValueTask DisposeAsync()
        {
            Recorder.Complete();
            await _loop;
        }
    }
}

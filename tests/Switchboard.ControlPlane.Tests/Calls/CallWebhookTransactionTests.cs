using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Webhooks;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.ControlPlane.Tests.Calls;

/// <summary>The call's webhook events are committed by the same save as the call events that cause them, on real SQLite.</summary>
public sealed class CallWebhookTransactionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_whose_call_events_cannot_be_written_leaves_no_webhook_event_behind()
    {
        await using var database = await SqliteCallDatabase.CreateAsync();
        await using (var db = database.Contexts.Create("org_a"))
        {
            db.WebhookEndpoints.Add(new WebhookEndpoint
            {
                Id = "whep_test", OrganizationId = "org_a", Url = "https://example.com/hook", Secret = WebhookSigner.NewSecret(), CreatedAt = T0, UpdatedAt = T0,
            });
            db.Calls.Add(new Call { Id = "call_bad", OrganizationId = "org_a", CreatedAt = T0 });
            // A row already holding the sequence the batch's second event will get: its save must fail as a whole.
            db.CallEvents.Add(new CallEventRecord
            {
                OrganizationId = "org_a", CallId = "call_bad", Sequence = 2, Type = CallEventTypes.Dtmf, At = T0, Payload = "{}",
            });
            await db.SaveChangesAsync();
        }
        var recorder = new CallRecorder(database.Contexts, NullLogger<CallRecorder>.Instance, new WebhookOutbox(TimeProvider.System, new WebhookSignal()));
        // Queued before the loop runs, so both land in one batch (one transaction).
        await recorder.OnEventAsync(Started("call_bad"), default);
        await recorder.OnEventAsync(Said("call_bad", "Hello"), default);
        var loop = recorder.RunAsync(CancellationToken.None);
        await recorder.FlushAsync(default);

        await using (var db = database.Contexts.Create("org_a"))
        {
            Assert.Equal(CallStatuses.Registered, (await db.Calls.SingleAsync(c => c.Id == "call_bad")).Status);
            Assert.Equal(1, await db.CallEvents.CountAsync());
            Assert.Equal(0, await db.WebhookEvents.CountAsync());
            Assert.Equal(0, await db.WebhookDeliveries.CountAsync());
        }

        await recorder.OnEventAsync(Started("call_ok"), default);
        await recorder.OnEventAsync(Said("call_ok", "Hello"), default);
        await recorder.OnEventAsync(new TransferStarting("call_ok", T0.AddSeconds(3), TimeSpan.FromSeconds(3), "+15550123", "cold"), default);
        await recorder.FlushAsync(default);
        recorder.Complete();
        await loop;

        await using (var db = database.Contexts.Create("org_a"))
        {
            Assert.Equal(3, await db.CallEvents.CountAsync(e => e.CallId == "call_ok"));
            Assert.Equal(["call.started", "transcript.updated", "transfer.started"],
                await db.WebhookEvents.OrderBy(e => e.CreatedAt).Select(e => e.Type).ToListAsync());
            Assert.Equal(3, await db.WebhookDeliveries.CountAsync(d => d.EndpointId == "whep_test"));
        }
    }

    [Fact]
    public async Task A_batch_reads_the_endpoints_and_the_agent_url_once_however_many_events_it_produces()
    {
        var commands = new CommandLog();
        await using var database = await SqliteCallDatabase.CreateAsync(commands);
        await using (var db = database.Contexts.Create("org_a"))
        {
            db.WebhookEndpoints.Add(new WebhookEndpoint
            {
                Id = "whep_test", OrganizationId = "org_a", Url = "https://example.com/hook", Secret = WebhookSigner.NewSecret(), CreatedAt = T0, UpdatedAt = T0,
            });
            await db.SaveChangesAsync();
        }
        var recorder = new CallRecorder(database.Contexts, NullLogger<CallRecorder>.Instance, new WebhookOutbox(TimeProvider.System, new WebhookSignal()));
        await recorder.OnEventAsync(Started("call_1"), default);
        for (var i = 0; i < 20; i++) await recorder.OnEventAsync(Said("call_1", $"line {i}"), default);
        commands.Clear();
        var loop = recorder.RunAsync(CancellationToken.None);
        await recorder.FlushAsync(default);
        recorder.Complete();
        await loop;

        await using (var db = database.Contexts.Create("org_a"))
        {
            Assert.Equal(21, await db.WebhookDeliveries.CountAsync());
        }
        Assert.Equal(1, commands.Count(c => c.Contains("FROM \"webhook_endpoints\"", StringComparison.Ordinal)));
        Assert.Equal(1, commands.Count(c => c.Contains("FROM \"agents\"", StringComparison.Ordinal)));
    }

    private static CallStarted Started(string callId) =>
        new(callId, T0, TimeSpan.Zero, "org_a", "agent_1", 1, CallDirection.Inbound, "+15550100", "+15550199");

    private static Utterance Said(string callId, string text) =>
        new(callId, T0.AddSeconds(2), TimeSpan.FromSeconds(2), UtteranceRole.Agent, text, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), false);

    private sealed class CommandLog : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public int Count(Func<string, bool> match) => _texts.Count(match);

        public void Clear() => _texts.Clear();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}

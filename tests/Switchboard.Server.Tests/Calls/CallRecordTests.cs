using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Realtime.Sessions;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Calls;

/// <summary>The recorder persists a session's events; the API shows them back as the call record.</summary>
[Collection(ApiCollection.Name)]
public sealed class CallRecordTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_recorded_call_shows_its_transcript_in_order_and_its_latency_waterfall(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var callId = CallScript.NewCallId();
        await CallScript.FeedAsync(server, CallScript.Booking(callId, a.OrganizationId, "agent_booking", CallScript.T0));

        var call = await (await a.Client.GetAsync($"/api/v1/calls/{callId}")).JsonAsync();
        Assert.Equal(callId, (string)call["id"]!);
        Assert.Equal("agent_booking", (string)call["agent_id"]!);
        Assert.Equal(3, (int)call["agent_version"]!);
        Assert.Equal("inbound", (string)call["direction"]!);
        Assert.Equal("ended", (string)call["status"]!);
        Assert.Equal("user_hangup", (string)call["disconnection_reason"]!);
        Assert.Equal("+15550100", (string)call["from_number"]!);
        Assert.Equal("+15550199", (string)call["to_number"]!);
        Assert.Equal(60_000, (long)call["duration_ms"]!);
        Assert.Equal(CallScript.T0, DateTimeOffset.Parse((string)call["started_at"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(CallScript.T0.AddMinutes(1), DateTimeOffset.Parse((string)call["ended_at"]!, System.Globalization.CultureInfo.InvariantCulture));

        var transcript = call["transcript"]!.AsArray();
        Assert.Equal(
            ["node_transition", "utterance", "utterance", "tool_call", "utterance", "dtmf", "utterance", "node_transition", "utterance", "transfer"],
            transcript.Select(e => (string)e!["type"]!).ToArray());
        var sequences = transcript.Select(e => (int)e!["sequence"]!).ToList();
        Assert.Equal(sequences.Order().ToList(), sequences);

        var greeting = transcript[1]!;
        Assert.Equal("agent", (string)greeting["role"]!);
        Assert.Equal("Hello, Acme Dental!", (string)greeting["text"]!);
        Assert.Equal(200, (long)greeting["start_ms"]!);
        Assert.Equal(1800, (long)greeting["end_ms"]!);
        Assert.Equal(1800, (long)greeting["offset_ms"]!);
        Assert.False((bool)greeting["interrupted"]!);
        Assert.Equal("user", (string)transcript[2]!["role"]!);

        var tool = transcript[3]!;
        Assert.Equal("check_availability", (string)tool["name"]!);
        Assert.Equal("tuesday", (string)tool["arguments"]!["day"]!);
        Assert.Equal("""{"slots":["10:00"]}""", (string)tool["result"]!);
        Assert.Equal(120, (long)tool["elapsed_ms"]!);
        Assert.False((bool)tool["is_error"]!);

        Assert.True((bool)transcript[4]!["interrupted"]!);
        Assert.Equal("1", (string)transcript[5]!["digits"]!);
        Assert.Equal("user", (string)transcript[5]!["role"]!);
        Assert.Equal("greet", (string)transcript[7]!["from_node_id"]!);
        Assert.Equal("confirm", (string)transcript[7]!["node_id"]!);
        Assert.Equal("booked", (string)transcript[7]!["reason"]!);
        Assert.Equal("+15550123", (string)transcript[9]!["target"]!);
        Assert.False((bool)transcript[9]!["accepted"]!);

        var turns = call["latency"]!["turns"]!.AsArray();
        Assert.Equal([1, 2, 3], turns.Select(t => (int)t!["turn"]!).ToArray());
        Assert.Equal(300, (long)turns[0]!["stt_final_ms"]!);
        Assert.Equal(1800, (long)turns[2]!["first_frame_sent_ms"]!);

        // Nearest rank over three turns: p50 is the 2nd smallest, p90 the largest.
        var summary = call["latency"]!["summary"]!;
        Assert.Equal(3, (int)summary["turns"]!);
        AssertStage(summary["stt_final_ms"], 250, 300);
        AssertStage(summary["first_text_ms"], 700, 1500);
        AssertStage(summary["first_audio_ms"], 900, 1700);
        AssertStage(summary["first_frame_sent_ms"], 950, 1800);
        Assert.Equal(summary.ToJsonString(), call["latency_summary"]!.ToJsonString());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_ongoing_call_is_readable_with_a_live_summary(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var callId = CallScript.NewCallId();
        var events = CallScript.Booking(callId, a.OrganizationId, "agent_live", CallScript.T0);
        await CallScript.FeedAsync(server, events.Take(6));

        var call = await (await a.Client.GetAsync($"/api/v1/calls/{callId}")).JsonAsync();
        Assert.Equal("in_progress", (string)call["status"]!);
        Assert.Null(call["ended_at"]);
        Assert.Null(call["latency_summary"]);
        Assert.Equal(["node_transition", "utterance", "utterance", "tool_call"], call["transcript"]!.AsArray().Select(e => (string)e!["type"]!).ToArray());
        AssertStage(call["latency"]!["summary"]!["first_text_ms"], 700, 700);

        // The rest of the call continues the same sequence.
        await CallScript.FeedAsync(server, events.Skip(6));
        call = await (await a.Client.GetAsync($"/api/v1/calls/{callId}")).JsonAsync();
        Assert.Equal("ended", (string)call["status"]!);
        Assert.Equal(10, call["transcript"]!.AsArray().Count);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_call_ending_in_error_has_status_error(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var callId = await CallScript.RecordAsync(server, a.OrganizationId, "agent_e", CallScript.T0, CallDirection.Web, endReason: "error");
        var call = await (await a.Client.GetAsync($"/api/v1/calls/{callId}")).JsonAsync();
        Assert.Equal("error", (string)call["status"]!);
        Assert.Equal("web", (string)call["direction"]!);
        Assert.Equal(30_000, (long)call["duration_ms"]!);
        Assert.Equal(0, (int)call["latency"]!["summary"]!["turns"]!);
        Assert.Empty(call["transcript"]!.AsArray());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Another_organization_cannot_see_or_delete_a_call(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var b = await server.CreateKeyAsync();
        var callId = CallScript.NewCallId();
        await CallScript.FeedAsync(server, CallScript.Booking(callId, a.OrganizationId, "agent_a", CallScript.T0));

        await (await b.Client.GetAsync($"/api/v1/calls/{callId}")).ProblemAsync(404, "not_found");
        await (await b.Client.DeleteAsync($"/api/v1/calls/{callId}")).ProblemAsync(404, "not_found");
        var list = await (await b.Client.GetAsync("/api/v1/calls")).JsonAsync();
        Assert.Empty(list["data"]!.AsArray());

        var call = await (await a.Client.GetAsync($"/api/v1/calls/{callId}")).JsonAsync();
        Assert.Equal(10, call["transcript"]!.AsArray().Count);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Delete_removes_the_record_its_events_and_its_journal(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var callId = CallScript.NewCallId();
        await CallScript.FeedAsync(server, CallScript.Booking(callId, a.OrganizationId, "agent_d", CallScript.T0));
        var journal = server.Services.GetRequiredService<Realtime.Tools.IToolCallJournal>();
        var invocation = JournalInvocations.For(a.OrganizationId, callId, callId + ":tc1");
        Assert.Null(await journal.BeginAsync(invocation, CancellationToken.None));

        var deleted = await a.Client.DeleteAsync($"/api/v1/calls/{callId}");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        await (await a.Client.GetAsync($"/api/v1/calls/{callId}")).ProblemAsync(404, "not_found");
        await (await a.Client.DeleteAsync($"/api/v1/calls/{callId}")).ProblemAsync(404, "not_found");

        await using var db = server.Services.GetRequiredService<ControlPlane.Data.OrganizationDbContextFactory>().Create(a.OrganizationId);
        Assert.Equal(0, await db.CallEvents.CountAsync(e => e.CallId == callId));
        Assert.Equal(0, await db.CallToolCalls.CountAsync(t => t.CallId == callId));

        var audit = await (await a.Client.GetAsync("/api/v1/audit-logs?action=calls.delete")).JsonAsync();
        Assert.Equal(callId, (string)audit["data"]![0]!["target_id"]!);
    }

    private static void AssertStage(JsonNode? stage, long p50, long p90)
    {
        Assert.NotNull(stage);
        Assert.Equal(p50, (long)stage["p50"]!);
        Assert.Equal(p90, (long)stage["p90"]!);
    }
}

using Switchboard.Realtime.Sessions;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Calls;

[Collection(ApiCollection.Name)]
public sealed class CallListTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Filters_select_the_matching_calls_newest_first(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var t0 = CallScript.T0;
        var c1 = await CallScript.RecordAsync(server, a.OrganizationId, "agent_x", t0, CallDirection.Inbound, "+15550001", "+15559000");
        var c2 = await CallScript.RecordAsync(server, a.OrganizationId, "agent_y", t0.AddHours(1), CallDirection.Outbound, "+15559000", "+15550002", endReason: null);
        var c3 = await CallScript.RecordAsync(server, a.OrganizationId, "agent_x", t0.AddHours(2), CallDirection.Web, null, null, endReason: "error");

        Assert.Equal([c3, c2, c1], await IdsAsync(a, ""));
        Assert.Equal([c3, c1], await IdsAsync(a, "?agent_id=agent_x"));
        Assert.Equal([c2], await IdsAsync(a, "?status=in_progress"));
        Assert.Equal([c1], await IdsAsync(a, "?status=ended"));
        Assert.Equal([c3], await IdsAsync(a, "?status=error"));
        Assert.Equal([c2], await IdsAsync(a, "?direction=outbound"));
        Assert.Equal([c1], await IdsAsync(a, "?from_number=%2B15550001"));
        Assert.Equal([c2], await IdsAsync(a, "?to_number=%2B15550002"));
        Assert.Equal([c3, c2], await IdsAsync(a, "?started_after=2026-11-24T10:30:00Z"));
        Assert.Equal([c2, c1], await IdsAsync(a, "?started_before=2026-11-24T11:30:00Z"));
        Assert.Equal([c2], await IdsAsync(a, "?started_after=2026-11-24T10:30:00Z&started_before=2026-11-24T11:30:00Z"));
        Assert.Equal([c3], await IdsAsync(a, "?disconnection_reason=error"));
        Assert.Equal([c1], await IdsAsync(a, "?agent_id=agent_x&direction=inbound&disconnection_reason=user_hangup"));
        Assert.Empty(await IdsAsync(a, "?agent_id=agent_none"));

        var list = await (await a.Client.GetAsync("/api/v1/calls?status=ended")).JsonAsync();
        var item = list["data"]![0]!;
        Assert.Equal(30_000, (long)item["duration_ms"]!);
        Assert.Null(item["transcript"]);
        Assert.Equal(0, (int)item["latency_summary"]!["turns"]!);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Pages_follow_the_cursor_without_gaps_or_repeats(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var recorded = new List<string>();
        for (var i = 0; i < 5; i++) recorded.Add(await CallScript.RecordAsync(server, a.OrganizationId, "agent_p", CallScript.T0.AddMinutes(i)));
        recorded.Reverse();

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await a.Client.GetAsync("/api/v1/calls?limit=2" + (cursor is null ? "" : "&after=" + cursor))).JsonAsync();
            seen.AddRange(page["data"]!.AsArray().Select(c => (string)c!["id"]!));
            cursor = (string?)page["next_cursor"];
            Assert.Equal(cursor is not null, (bool)page["has_more"]!);
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(recorded, seen);
    }

    [Theory]
    [InlineData("?status=finished", "status")]
    [InlineData("?direction=sideways", "direction")]
    [InlineData("?started_after=2026-11-24T12:00:00Z&started_before=2026-11-24T11:00:00Z", "started_before")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?after=not-a-cursor", "after")]
    public async Task Invalid_filters_are_validation_errors_naming_the_field(string query, string field)
    {
        var server = await fixture.GetAsync(Providers.Sqlite);
        var a = await server.CreateKeyAsync();
        var problem = await (await a.Client.GetAsync("/api/v1/calls" + query)).ProblemAsync(400, "validation_failed");
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_start_time_that_is_not_a_time_is_a_bad_request_naming_the_parameter()
    {
        var server = await fixture.GetAsync(Providers.Sqlite);
        var a = await server.CreateKeyAsync();
        var problem = await (await a.Client.GetAsync("/api/v1/calls?started_after=yesterday")).ProblemAsync(400, "bad_request");
        Assert.Contains("started_after", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    private static async Task<string[]> IdsAsync(TestKey key, string query)
    {
        var page = await (await key.Client.GetAsync("/api/v1/calls" + query)).JsonAsync();
        return page["data"]!.AsArray().Select(c => (string)c!["id"]!).ToArray();
    }
}

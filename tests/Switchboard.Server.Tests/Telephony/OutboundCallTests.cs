using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Sip.Tests.Interop;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>
/// <c>POST /api/v1/calls/phone</c> against SIPp as the far end (Debian sip-tester): answered (the agent talks and hangs
/// up), busy, and ringing until the ring timeout; plus the request checks.
/// </summary>
[Collection("sip-gateway")]
public sealed class OutboundCallTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Says one line and hangs up, so the call ends by itself.</summary>
    private const string CallerAgent = """
        {"name":"Reminder","response_engine":{"type":"flow","flow":{"start":"bye","nodes":[
          {"id":"bye","type":"end","text":"Hello, this is a reminder of your appointment tomorrow. Goodbye."}]}}}
        """;

    private TestServerInstance _server = null!;

    public async Task InitializeAsync() => _server = await TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?>
    {
        ["Sip:Enabled"] = "true",
        ["Sip:BindAddress"] = "127.0.0.1",
        ["Sip:Port"] = "0",
        ["Sip:RtpPortRange"] = "47800-47899",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_answered_call_runs_the_agent_which_hangs_up_and_the_record_says_so()
    {
        if (!ExternalTool.Available("sipp", "sip-tester", output)) return;
        var (key, agentId) = await SetUpAsync("7001");
        await using var sipp = await StartSippAsync(["-sn", "uas"], out var port);

        var created = await key.Client.PostJsonAsync("/api/v1/calls/phone",
            $$$"""{"from_number":"7001","to_number":"sip:service@127.0.0.1:{{{port}}}","agent_id":"{{{agentId}}}","dynamic_variables":{"who":"Ada"}}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await created.JsonAsync();
        Assert.Equal("registered", (string?)body["status"]);

        var call = await key.Client.WaitForCallEndedAsync((string)body["call_id"]!);
        Assert.Equal("outbound", (string?)call["direction"]);
        Assert.Equal("agent_hangup", (string?)call["disconnection_reason"]);
        Assert.Equal("7001", (string?)call["from_number"]);
        Assert.Equal("Ada", (string?)call["dynamic_variables"]!["who"]);
        Assert.Contains("reminder of your appointment", call["transcript"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }

    [Fact]
    public async Task A_call_through_a_tcp_trunk_goes_over_tcp_and_is_answered()
    {
        if (!ExternalTool.Available("sipp", "sip-tester", output)) return;
        var (key, agentId) = await SetUpAsync("7010");
        await using var sipp = await StartSippAsync(["-sn", "uas", "-t", "t1"], tcp: true, out var port);
        var trunk = await (await key.Client.PostJsonAsync("/api/v1/sip-trunks",
            $$"""{"name":"tcp carrier","address":"127.0.0.1:{{port}}","transport":"tcp"}""")).JsonAsync();
        var number = await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"+15550124","sip_trunk_id":"{{(string)trunk["id"]!}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]}""");
        Assert.Equal(HttpStatusCode.Created, number.StatusCode);

        var call = await key.Client.WaitForCallEndedAsync(await PlaceAsync(key, "+15550124", "+15550199", agentId));
        Assert.Equal("agent_hangup", (string?)call["disconnection_reason"]);
        // SIPp listens on TCP only: its scenario (INVITE, ACK, BYE) completing proves every request went over TCP.
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }

    [Fact]
    public async Task A_busy_callee_ends_the_call_as_busy()
    {
        if (!ExternalTool.Available("sipp", "sip-tester", output)) return;
        var (key, agentId) = await SetUpAsync("7002");
        var scenario = Path.Combine(Directory.CreateTempSubdirectory("sipp-busy").FullName, "busy.xml");
        await File.WriteAllTextAsync(scenario, SippScenarios.Busy);
        await using var sipp = await StartSippAsync(["-sf", scenario], out var port);

        var id = await PlaceAsync(key, "7002", $"sip:busy@127.0.0.1:{port}", agentId);
        var call = await key.Client.WaitForCallEndedAsync(id);
        Assert.Equal("busy", (string?)call["disconnection_reason"]);
        Assert.Empty(call["transcript"]!.AsArray());

        // A call that never connected still tells the organization's webhooks it ended.
        await using var db = _server.Services.GetRequiredService<Switchboard.ControlPlane.Data.OrganizationDbContextFactory>().Create(key.OrganizationId);
        var ended = await db.WebhookEvents.Where(e => e.Type == "call.ended").Select(e => e.Payload).ToListAsync();
        Assert.Contains(ended, payload => payload.Contains(id, StringComparison.Ordinal) && payload.Contains("busy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_callee_that_only_rings_is_cancelled_at_the_ring_timeout_as_no_answer()
    {
        if (!ExternalTool.Available("sipp", "sip-tester", output)) return;
        var (key, agentId) = await SetUpAsync("7003");
        var scenario = Path.Combine(Directory.CreateTempSubdirectory("sipp-ring").FullName, "ring.xml");
        await File.WriteAllTextAsync(scenario, SippScenarios.RingForever);
        await using var sipp = await StartSippAsync(["-sf", scenario], out var port);

        var id = await PlaceAsync(key, "7003", $"sip:nobody@127.0.0.1:{port}", agentId, ", \"ring_timeout_seconds\": 5");
        var call = await key.Client.WaitForCallEndedAsync(id);
        Assert.Equal("no_answer", (string?)call["disconnection_reason"]);
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }

    [Fact]
    public async Task Requests_are_checked_and_an_idempotency_key_replays_the_same_call()
    {
        var (key, agentId) = await SetUpAsync("7004");
        var other = await _server.CreateKeyAsync();

        var bad = await (await key.Client.PostJsonAsync("/api/v1/calls/phone", """{"to_number":"","ring_timeout_seconds":1}""")).ProblemAsync(400, "validation_failed");
        Assert.NotNull(bad["errors"]!["from_number"]);
        Assert.NotNull(bad["errors"]!["to_number"]);
        Assert.NotNull(bad["errors"]!["agent_id"]);
        Assert.NotNull(bad["errors"]!["ring_timeout_seconds"]);

        // Another organization's number is not yours to call from.
        var notOurs = await (await other.Client.PostJsonAsync("/api/v1/calls/phone",
            $$"""{"from_number":"7004","to_number":"sip:x@127.0.0.1:5099","agent_id":"{{agentId}}"}""")).ProblemAsync(422, "validation_failed");
        Assert.NotNull(notOurs["errors"]!["from_number"]);
        var notUri = await (await key.Client.PostJsonAsync("/api/v1/calls/phone",
            $$"""{"from_number":"7004","to_number":"+15550100","agent_id":"{{agentId}}"}""")).ProblemAsync(422, "validation_failed");
        Assert.Contains("SIP URI", notUri["errors"]!["to_number"]![0]!.ToString(), StringComparison.Ordinal);

        // Through a trunk: premium-rate and disallowed countries are refused before anything is dialled.
        var trunk = await key.Client.PostJsonAsync("/api/v1/sip-trunks", """{"name":"carrier","address":"127.0.0.1:5098","transport":"udp"}""");
        var trunkId = (string)(await trunk.JsonAsync())["id"]!;
        var number = await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"+15550123","sip_trunk_id":"{{trunkId}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1}],"outbound_allowed_countries":["1"]}""");
        Assert.Equal(HttpStatusCode.Created, number.StatusCode);
        foreach (var (to, words) in new[] { ("+19005550100", "premium"), ("+442079460000", "country") })
        {
            var refused = await (await key.Client.PostJsonAsync("/api/v1/calls/phone",
                $$"""{"from_number":"+15550123","to_number":"{{to}}","agent_id":"{{agentId}}"}""")).ProblemAsync(422, "validation_failed");
            Assert.Contains(words, refused["errors"]!["to_number"]![0]!.ToString(), StringComparison.Ordinal);
        }

        // Nothing answers at 127.0.0.1:5097; the key makes a retry return the same call, not a second one.
        var json = $$"""{"from_number":"7004","to_number":"sip:x@127.0.0.1:5097","agent_id":"{{agentId}}","ring_timeout_seconds":5}""";
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calls/phone") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        first.Headers.Add("Idempotency-Key", "retry-1");
        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calls/phone") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        second.Headers.Add("Idempotency-Key", "retry-1");
        var a = await (await key.Client.SendAsync(first)).JsonAsync();
        var replay = await key.Client.SendAsync(second);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((string)a["call_id"]!, (string)(await replay.JsonAsync())["call_id"]!);
        var ended = await key.Client.WaitForCallEndedAsync((string)a["call_id"]!);
        Assert.NotEqual("agent_hangup", (string?)ended["disconnection_reason"]);
    }

    private async Task<(TestKey Key, string AgentId)> SetUpAsync(string number)
    {
        var key = await _server.CreateKeyAsync();
        var agent = await key.Client.PostJsonAsync("/api/v1/agents", CallerAgent);
        Assert.True(agent.StatusCode == HttpStatusCode.Created, await agent.Content.ReadAsStringAsync());
        var agentId = (string)(await agent.JsonAsync())["id"]!;
        var created = await key.Client.PostJsonAsync("/api/v1/phone-numbers", $$"""{"number":"{{number}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (key, agentId);
    }

    private static async Task<string> PlaceAsync(TestKey key, string from, string to, string agentId, string extra = "")
    {
        var created = await key.Client.PostJsonAsync("/api/v1/calls/phone", $$"""{"from_number":"{{from}}","to_number":"{{to}}","agent_id":"{{agentId}}"{{extra}}}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (string)(await created.JsonAsync())["call_id"]!;
    }

    internal static Task<ExternalTool> StartSippAsync(string[] scenario, out int port) => StartSippAsync(scenario, tcp: false, out port);

    internal static Task<ExternalTool> StartSippAsync(string[] scenario, bool tcp, out int port)
    {
        port = UdpPorts.Free();
        var sippPort = port;
        var directory = Directory.CreateTempSubdirectory("sipp-out").FullName;
        var sipp = ExternalTool.Start("sipp",
            [.. scenario, "-i", "127.0.0.1", "-p", sippPort.ToString(CultureInfo.InvariantCulture), "-mp", UdpPorts.Free().ToString(CultureInfo.InvariantCulture),
                "-m", "1", "-timeout", "60s", "-timeout_error", "-nostdin"],
            TimeSpan.FromSeconds(90), directory);
        return WaitAsync();

        async Task<ExternalTool> WaitAsync()
        {
            await UdpPorts.WaitUntilBoundAsync(sippPort, sipp, TimeSpan.FromSeconds(20), tcp);
            return sipp;
        }
    }
}

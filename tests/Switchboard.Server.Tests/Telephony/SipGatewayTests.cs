using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Telephony;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Sip.Dialogs;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>
/// The server's SIP gateway on a real UDP port (0: picked), a test router, and phones built on our SIP stack or
/// hand-written INVITEs: routing, answering with the agent, the call record, refusals and health.
/// </summary>
[Collection("sip-gateway")]
public sealed class SipGatewayTests : IAsyncLifetime
{
    /// <summary>Greets, then waits for a key (long enough for the phone to listen and hang up).</summary>
    private const string GreetingAgent = """
        {"name":"Front desk","response_engine":{"type":"flow","flow":{"start":"hi","nodes":[
          {"id":"hi","type":"say","text":"Hello, you have reached the switchboard test line.","next":"ask"},
          {"id":"ask","type":"ask","prompt":"Press one to finish.","variable":"key","input":"digits","max_digits":1,
           "choices":[{"value":"one","digit":"1"}],"retries":5,"next":"bye","on_failure":"bye"},
          {"id":"bye","type":"end","text":"Goodbye."}]}}}
        """;

    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    private readonly TestInboundRouter _router = new();
    private TestServerInstance _server = null!;

    private int SipPort => _server.Services.GetRequiredService<SipGateway>().Status.Port;

    public async Task InitializeAsync() => _server = await TestServerInstance.StartAsync(Providers.Sqlite, SipSettings(0),
        b => b.Services.AddSingleton<IInboundCallRouter>(_router));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_phone_calls_a_routed_number_hears_the_greeting_and_its_hang_up_is_recorded()
    {
        var key = await _server.CreateKeyAsync();
        var agentId = await CreateAgentAsync(key);
        _router.Add("1000", key.OrganizationId, agentId, new Dictionary<string, string> { ["source"] = "route" });

        await using var phone = new SipPhone();
        await phone.DialAsync("1000", SipPort, ("X-Customer-Id", "42"), ("X-Source", "header"));
        await phone.Answered.WaitAsync(Long);
        // About the greeting's length, so the transcript (what the caller heard) holds it.
        Assert.True(await phone.WaitUntilAsync(() => phone.VoicedFrames > 150, Long), $"the phone heard {phone.VoicedFrames} voiced frames");
        await phone.Call.HangupAsync();

        var call = await WaitForEndedAsync(key);
        Assert.Equal("inbound", (string?)call["direction"]);
        Assert.Equal("user_hangup", (string?)call["disconnection_reason"]);
        Assert.Equal("1000", (string?)call["to_number"]);
        Assert.Equal("+15550001", (string?)call["from_number"]);
        Assert.Equal("42", (string?)call["dynamic_variables"]!["customer_id"]);
        Assert.Equal("route", (string?)call["dynamic_variables"]!["source"]);
        var transcript = call["transcript"]!.ToJsonString();
        Assert.Contains("Hello, you have reached", transcript, StringComparison.Ordinal);
        Assert.Contains(_router.Lookups, l => l == ("1000", "+15550001", "sip"));
    }

    [Fact]
    public async Task An_unknown_number_gets_404_and_a_number_without_its_agent_480()
    {
        var missing = await RawSipClient.InviteAsync(SipPort, "9999");
        Assert.StartsWith("SIP/2.0 404 ", missing, StringComparison.Ordinal);

        // A number whose agent is gone is not answered (480), so nobody is picked up and hung up on.
        var key = await _server.CreateKeyAsync();
        _router.Add("2001", key.OrganizationId, "agent_deleted");
        var orphan = await RawSipClient.InviteAsync(SipPort, "2001");
        Assert.StartsWith("SIP/2.0 480 ", orphan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invite_without_sdp_gets_our_offer_and_media_goes_where_the_ack_answer_says()
    {
        var key = await _server.CreateKeyAsync();
        _router.Add("2000", key.OrganizationId, await CreateAgentAsync(key));

        using var caller = new RawLateOfferCaller();
        var ok = await caller.InviteAsync(SipPort, "2000");
        Assert.StartsWith("SIP/2.0 200 ", ok, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/sdp", ok, StringComparison.Ordinal);
        Assert.Contains("\r\nm=audio 476", ok, StringComparison.Ordinal); // our RTP port, from Sip:RtpPortRange
        await caller.AckAsync(withAnswer: true);

        // The greeting's RTP reaches the port named in the ACK's answer: at least 5 s of it, and on until the greeting
        // has ended (under load flite may start it late, and a BYE during it would cut it from the transcript).
        int packets = await caller.ReceiveRtpAsync(250, Long, untilSpeechEnds: true);
        Assert.True(packets >= 250, $"{packets} PCMU packets reached the address of the ACK's answer");
        Assert.StartsWith("SIP/2.0 200 ", await caller.ByeAsync(), StringComparison.Ordinal);
        var call = await WaitForEndedAsync(key);
        Assert.Equal("user_hangup", (string?)call["disconnection_reason"]);
        Assert.Contains("Hello, you have reached", call["transcript"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_offer_acked_without_an_answer_is_hung_up_and_never_reaches_an_agent()
    {
        var key = await _server.CreateKeyAsync();
        _router.Add("2002", key.OrganizationId, await CreateAgentAsync(key));

        using var caller = new RawLateOfferCaller();
        Assert.StartsWith("SIP/2.0 200 ", await caller.InviteAsync(SipPort, "2002"), StringComparison.Ordinal);
        await caller.AckAsync(withAnswer: false);
        await caller.ReceiveRequestAsync("BYE", Long);
        var calls = await (await key.Client.GetAsync("/api/v1/calls")).JsonAsync();
        Assert.Empty(calls["data"]!.AsArray());
    }

    [Fact]
    public async Task A_call_over_the_organization_limit_gets_503_with_retry_after()
    {
        var key = await _server.CreateKeyAsync();
        _router.Add("3000", key.OrganizationId, await CreateAgentAsync(key));
        await using var first = new SipPhone();
        await first.DialAsync("3000", SipPort);
        await first.Answered.WaitAsync(Long);

        var refused = await RawSipClient.InviteAsync(SipPort, "3000");
        Assert.StartsWith("SIP/2.0 503 ", refused, StringComparison.Ordinal);
        Assert.Contains("\r\nRetry-After: 30\r\n", refused, StringComparison.Ordinal);

        // A phone on our own stack sees the same refusal as the call's end.
        await using var second = new SipPhone();
        await second.DialAsync("3000", SipPort);
        var ended = await second.Ended.WaitAsync(Long);
        Assert.Equal(503, ended.StatusCode);
    }

    [Fact]
    public async Task A_call_with_no_rtp_port_pair_left_gets_503_with_retry_after()
    {
        var settings = SipSettings(0);
        settings["Sip:RtpPortRange"] = "47700-47703"; // two pairs
        settings["Calls:MaxConcurrentCallsPerOrganization"] = "10";
        var router = new TestInboundRouter();
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, settings, b => b.Services.AddSingleton<IInboundCallRouter>(router));
        var port = server.Services.GetRequiredService<SipGateway>().Status.Port;
        var key = await server.CreateKeyAsync();
        router.Add("5000", key.OrganizationId, await CreateAgentAsync(key));

        await using var first = new SipPhone();
        await using var second = new SipPhone();
        await first.DialAsync("5000", port);
        await second.DialAsync("5000", port);
        await first.Answered.WaitAsync(Long);
        await second.Answered.WaitAsync(Long);

        var refused = await RawSipClient.InviteAsync(port, "5000");
        Assert.StartsWith("SIP/2.0 503 ", refused, StringComparison.Ordinal);
        Assert.Contains("\r\nRetry-After: 30\r\n", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_health_reports_the_listener()
    {
        var gateway = _server.Services.GetRequiredService<SipGateway>();
        Assert.Equal("listening", gateway.Status.State);
        Assert.True(gateway.Status.Port > 0);
        var health = await _server.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_taken_sip_port_is_logged_reported_as_degraded_and_leaves_the_api_running()
    {
        using var squatter = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var taken = ((IPEndPoint)squatter.Client.LocalEndPoint!).Port;
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, SipSettings(taken));

        var status = server.Services.GetRequiredService<SipGateway>().Status;
        Assert.Equal("failed", status.State);
        Assert.Contains(taken.ToString(System.Globalization.CultureInfo.InvariantCulture), status.Detail, StringComparison.Ordinal);
        var health = await server.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
        var key = await server.CreateKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await key.Client.GetAsync("/api/v1/agents")).StatusCode);
    }

    [Fact]
    public async Task With_authentication_on_strangers_are_challenged_before_routing_and_an_account_gets_through()
    {
        var settings = SipSettings(0);
        settings["Sip:Authenticate"] = "true";
        settings["Sip:Users:alice"] = "wonderland";
        var router = new TestInboundRouter();
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, settings, b => b.Services.AddSingleton<IInboundCallRouter>(router));
        var port = server.Services.GetRequiredService<SipGateway>().Status.Port;
        var key = await server.CreateKeyAsync();
        router.Add("4000", key.OrganizationId, await CreateAgentAsync(key));

        // Known and unknown numbers get the same challenge: nothing is learned without credentials.
        var known = await RawSipClient.InviteAsync(port, "4000");
        var unknown = await RawSipClient.InviteAsync(port, "4999");
        Assert.StartsWith("SIP/2.0 401 ", known, StringComparison.Ordinal);
        Assert.StartsWith("SIP/2.0 401 ", unknown, StringComparison.Ordinal);
        Assert.Contains("WWW-Authenticate: Digest", known, StringComparison.Ordinal);
        Assert.Empty(router.Lookups);

        await using var stranger = new SipPhone("alice", "guess");
        await stranger.DialAsync("4000", port);
        Assert.Equal(401, (await stranger.Ended.WaitAsync(Long)).StatusCode);

        await using var alice = new SipPhone("alice", "wonderland");
        await alice.DialAsync("4000", port);
        await alice.Answered.WaitAsync(Long);
        Assert.True(await alice.WaitUntilAsync(() => alice.VoicedFrames > 10, Long), "the authenticated caller heard nothing");
    }

    private static Dictionary<string, string?> SipSettings(int port) => new()
    {
        ["Sip:Enabled"] = "true",
        ["Sip:BindAddress"] = "127.0.0.1",
        ["Sip:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sip:RtpPortRange"] = "47600-47699",
        ["Calls:MaxConcurrentCallsPerOrganization"] = "1",
    };

    private static async Task<string> CreateAgentAsync(TestKey key)
    {
        var response = await key.Client.PostJsonAsync("/api/v1/agents", GreetingAgent);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (string)(await response.JsonAsync())["id"]!;
    }

    private static async Task<JsonNode> WaitForEndedAsync(TestKey key)
    {
        // The recorder writes in batches off the call's path; bounded wait for the end to land.
        for (var i = 0; i < 300; i++)
        {
            var list = await (await key.Client.GetAsync("/api/v1/calls")).JsonAsync();
            if (list["data"]!.AsArray().FirstOrDefault() is { } row)
            {
                var call = await (await key.Client.GetAsync($"/api/v1/calls/{(string)row["id"]!}")).JsonAsync();
                if ((string?)call["status"] == "ended") return call;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The SIP call was not recorded as ended.");
    }
}

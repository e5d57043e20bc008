using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Telephony;
using Switchboard.Realtime.Tests.Transports.Sip;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Sip.Tests.Interop;
using Switchboard.Sip.Dialogs;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>
/// Transfers through the real gateway: a phone calls a flow agent whose transfer node calls a second SIP user agent (the
/// "desk") from the server, briefs it, and bridges the phone to it; or finds the desk busy and carries on.
/// </summary>
[Collection("sip-gateway")]
public sealed class SipTransferTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    private readonly TestInboundRouter _router = new();
    private TestServerInstance _server = null!;

    private SipGateway Gateway => _server.Services.GetRequiredService<SipGateway>();

    public async Task InitializeAsync() => _server = await TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?>
    {
        ["Sip:Enabled"] = "true",
        ["Sip:BindAddress"] = "127.0.0.1",
        ["Sip:Port"] = "0",
        ["Sip:RtpPortRange"] = "47600-47699",
    }, b => b.Services.AddSingleton<IInboundCallRouter>(_router));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_warm_transfer_briefs_the_desk_bridges_the_phone_and_the_record_says_transferred()
    {
        var key = await _server.CreateKeyAsync();
        await using var desk = new SipDesk();
        var agentId = await key.Client.CreateAgentFromJsonAsync($$"""
            {"name":"Front desk","response_engine":{"type":"flow","flow":{"start":"t","nodes":[
              {"id":"t","type":"transfer","mode":"warm","target":"{{desk.Uri}}","text":"Please hold while I connect you.",
               "summary":"I have a caller who needs the front desk."}]} } }
            """);
        _router.Add("4000", key.OrganizationId, agentId);

        await using var phone = new SipPhone();
        await phone.DialAsync("4000", Gateway.Status.Port);
        await phone.Answered.WaitAsync(Long);
        await desk.Answered.WaitAsync(Long);

        var call = await key.Client.WaitForCallEndedAsync(await key.Client.WaitForFirstCallIdAsync());
        Assert.Equal("transferred", (string?)call["disconnection_reason"]);
        var transfer = call["transcript"]!.AsArray().Single(e => (string?)e!["type"] == "transfer")!;
        Assert.Equal((desk.Uri, "warm", "connected", true), ((string?)transfer["target"], (string?)transfer["mode"], (string?)transfer["outcome"], (bool?)transfer["accepted"]));
        Assert.True(desk.VoicedFrames > 25, $"the desk heard only {desk.VoicedFrames} voiced frames of the briefing");
        Assert.Equal(1, Gateway.BridgedCalls);

        // The agent has left; the phone and the desk hear each other until one hangs up.
        var before = phone.VoicedFrames;
        await desk.SendToneAsync(50, CancellationToken.None);
        Assert.True(await phone.WaitUntilAsync(() => phone.VoicedFrames >= before + 40, Long), "the phone hears the desk through the bridge");
        await desk.HangUpAsync();
        var ended = await phone.Ended.WaitAsync(Long);
        Assert.Equal(SipCallEndReasons.RemoteHangup, ended.Reason);
        // The phone has hung up, so its own wait helper returns at once: wait on the gateway, bounded.
        for (var i = 0; i < 100 && Gateway.BridgedCalls != 0; i++) await Task.Delay(100);
        Assert.Equal(0, Gateway.BridgedCalls);
    }

    [Fact]
    public async Task A_busy_desk_leaves_the_caller_with_the_agent_which_says_so_and_ends()
    {
        var key = await _server.CreateKeyAsync();
        await using var desk = new SipDesk(answer: 486);
        var agentId = await key.Client.CreateAgentFromJsonAsync($$$"""
            {"name":"Front desk","response_engine":{"type":"flow","flow":{"start":"t","nodes":[
              {"id":"t","type":"transfer","mode":"warm","target":"{{{desk.Uri}}}","on_failure":"sorry"},
              {"id":"sorry","type":"end","text":"Sorry, the front desk line was {{transfer_outcome}}. Goodbye."}]} } }
            """);
        _router.Add("4001", key.OrganizationId, agentId);

        await using var phone = new SipPhone();
        await phone.DialAsync("4001", Gateway.Status.Port);
        await phone.Answered.WaitAsync(Long);

        var call = await key.Client.WaitForCallEndedAsync(await key.Client.WaitForFirstCallIdAsync());
        Assert.Equal("agent_hangup", (string?)call["disconnection_reason"]);
        var transcript = call["transcript"]!.AsArray();
        var transfer = transcript.Single(e => (string?)e!["type"] == "transfer")!;
        Assert.Equal(("busy", false), ((string?)transfer["outcome"], (bool?)transfer["accepted"]));
        Assert.Contains(transcript, e => (string?)e!["role"] == "agent" && ((string?)e["text"] ?? "").Contains("line was busy", StringComparison.Ordinal));
        Assert.Equal(0, Gateway.BridgedCalls);
    }

    [Fact]
    public async Task A_sipp_caller_that_refuses_refer_is_bridged_to_the_target_instead()
    {
        if (!ExternalTool.Available("sipp", "sip-tester", output)) return;
        var key = await _server.CreateKeyAsync();
        await using var desk = new SipDesk();
        var agentId = await key.Client.CreateAgentFromJsonAsync($$"""
            {"name":"Front desk","response_engine":{"type":"flow","flow":{"start":"t","nodes":[
              {"id":"t","type":"transfer","target":"{{desk.Uri}}","text":"Connecting you."}]} } }
            """);
        _router.Add("4002", key.OrganizationId, agentId);
        var scenario = Path.Combine(Directory.CreateTempSubdirectory("sipp-refer").FullName, "refuse-refer.xml");
        await File.WriteAllTextAsync(scenario, SippScenarios.CallerRefusingRefer);

        await using var sipp = await OutboundCallTests.StartSippAsync(
            [$"127.0.0.1:{Gateway.Status.Port}", "-sf", scenario, "-s", "4002"], out _);
        await desk.Answered.WaitAsync(Long);

        var call = await key.Client.WaitForCallEndedAsync(await key.Client.WaitForFirstCallIdAsync());
        Assert.Equal("transferred", (string?)call["disconnection_reason"]);
        var transfer = call["transcript"]!.AsArray().Single(e => (string?)e!["type"] == "transfer")!;
        Assert.Equal(("cold", "connected"), ((string?)transfer["mode"], (string?)transfer["outcome"]));
        Assert.Contains("405", (string?)transfer["detail"], StringComparison.Ordinal);
        Assert.Equal(1, Gateway.BridgedCalls);

        // The desk hanging up ends the joined call: SIPp gets our BYE, answers it and finishes its scenario.
        await desk.HangUpAsync();
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Telephony;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Sip.Tests.Interop;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>
/// Shared steps of the keypad tests over real SIP: a server with SIP on a free port and its own RTP range, agents, IVR
/// menus and numbers created through the API, and reading the finished call's record.
/// </summary>
internal static class DtmfTestKit
{
    /// <summary>
    /// A two-option menu: 1 says a message and hangs up, 2 hands the call to the number's agent. Long timeout, so a
    /// slow machine never re-prompts before the test presses its key.
    /// </summary>
    public const string FrontMenu = """
        {"name":"Front menu","definition":{
          "prompt":"Welcome to the test line. For sales press one. For support press two.",
          "timeout_ms":20000,"max_retries":1,
          "options":[
            {"digit":"1","action":{"type":"message","text":"Sales is closed today.","then":"hangup"}},
            {"digit":"2","action":{"type":"agent","text":"Connecting you to support."}}]}}
        """;

    /// <summary>The agent behind <see cref="FrontMenu"/>: greets and ends the call (so the caller sees a BYE).</summary>
    public const string SupportAgent = """
        {"name":"Support","response_engine":{"type":"flow","flow":{"start":"desk","nodes":[
          {"id":"desk","type":"say","text":"This is the support desk.","next":"bye"},
          {"id":"bye","type":"end","text":"Goodbye."}]}}}
        """;

    public static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    /// <summary>A server with SIP on 127.0.0.1 (port picked), RTP on <paramref name="rtpBase"/>..+9.</summary>
    public static Task<TestServerInstance> StartServerAsync(int rtpBase) => TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?>
    {
        ["Sip:Enabled"] = "true",
        ["Sip:BindAddress"] = "127.0.0.1",
        ["Sip:Port"] = "0",
        ["Sip:RtpPortRange"] = $"{rtpBase.ToString(CultureInfo.InvariantCulture)}-{(rtpBase + 9).ToString(CultureInfo.InvariantCulture)}",
    });

    public static int SipPort(TestServerInstance server) => server.Services.GetRequiredService<SipGateway>().Status.Port;

    /// <summary>POSTs <paramref name="json"/> and returns the new resource's id (201 asserted).</summary>
    public static async Task<string> CreateAsync(TestKey key, string path, string json)
    {
        var response = await key.Client.PostJsonAsync(path, json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (string)(await response.JsonAsync())["id"]!;
    }

    /// <summary>A direct-SIP number answered by <paramref name="agentId"/>, optionally behind <paramref name="menuId"/>.</summary>
    public static Task<string> CreateNumberAsync(TestKey key, string number, string agentId, string? menuId = null) =>
        CreateAsync(key, "/api/v1/phone-numbers", new JsonObject
        {
            ["number"] = number,
            ["sip_trunk_id"] = null,
            ["inbound_agents"] = new JsonArray(new JsonObject { ["agent_id"] = agentId, ["weight"] = 1 }),
            ["inbound_ivr_menu_id"] = menuId,
        }.ToJsonString());

    /// <summary>The organization's only call once it is recorded as ended (the recorder writes in batches off the call's path).</summary>
    public static async Task<JsonNode> WaitForEndedCallAsync(TestKey key)
    {
        using var limit = new CancellationTokenSource(Long);
        while (true)
        {
            var list = await (await key.Client.GetAsync("/api/v1/calls", limit.Token)).JsonAsync();
            if (list["data"]!.AsArray().FirstOrDefault() is { } row)
            {
                var call = await (await key.Client.GetAsync($"/api/v1/calls/{(string)row["id"]!}", limit.Token)).JsonAsync();
                if ((string?)call["status"] == "ended") return call;
            }
            try
            {
                await Task.Delay(100, limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The SIP call was not recorded as ended.");
            }
        }
    }

    /// <summary>The menu's only IVR session once it is recorded (right after the call has ended).</summary>
    public static async Task<JsonNode> WaitForIvrSessionAsync(TestKey key, string menuId)
    {
        using var limit = new CancellationTokenSource(Long);
        while (true)
        {
            var list = await (await key.Client.GetAsync($"/api/v1/ivr-menus/{menuId}/sessions", limit.Token)).JsonAsync();
            if (list["data"]!.AsArray().FirstOrDefault() is { } session) return session;
            try
            {
                await Task.Delay(100, limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No IVR session was recorded for menu {menuId}.");
            }
        }
    }

    /// <summary>An IVR session's path as "node:kind:digit" steps.</summary>
    public static List<string> Steps(JsonNode session) =>
        [.. session["path"]!.AsArray().Select(s => $"{(string?)s!["node_id"]}:{(string?)s["kind"]}:{(string?)s["digit"]}")];

    /// <summary>The transcript's entries of <paramref name="type"/>.</summary>
    public static List<JsonNode> Entries(JsonNode call, string type) =>
        [.. call["transcript"]!.AsArray().Where(e => (string?)e!["type"] == type).Select(e => e!)];

    /// <summary>The digits of the transcript's dtmf entries of <paramref name="role"/> (user: received, agent: sent), in order.</summary>
    public static string Digits(JsonNode call, string role) =>
        string.Concat(Entries(call, "dtmf").Where(e => (string?)e["role"] == role).Select(e => (string?)e["digits"]));

    /// <summary>Everything the agent said, one line per utterance.</summary>
    public static string AgentSaid(JsonNode call) =>
        string.Join('\n', Entries(call, "utterance").Where(e => (string?)e["role"] == "agent").Select(e => (string?)e["text"]));

    /// <summary>The node ids the call entered (IVR menus and flow nodes), in order.</summary>
    public static List<string> Nodes(JsonNode call) => [.. Entries(call, "node_transition").Select(e => (string?)e["node_id"] ?? "")];

    /// <summary>
    /// An even port with the <paramref name="count"/> - 1 above it free right now, clear of the ranges the other SIP
    /// tests use (47600-47699 for their server, 47800 up for <see cref="SipPhone"/>).
    /// </summary>
    public static int FreeEvenPortRange(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var start = UdpPorts.Free() & ~1;
            if (start > 1024 && start + count < 65535 && (start + count < 47600 || start > 49000) && Enumerable.Range(start, count).All(p => !UdpPorts.IsBound(p))) return start;
        }
        Assert.Fail($"No free range of {count} UDP ports found.");
        return 0;
    }

    /// <summary><paramref name="seconds"/> of silence at 8 kHz: a caller who only presses keys.</summary>
    public static short[] Silence(int seconds) => new short[8000 * seconds];
}

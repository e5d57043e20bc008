using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Telephony;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>Twilio's side of a call, over HTTP and a WebSocket to an in-process server: webhook, TwiML, media stream.</summary>
public sealed class TwilioTelephonyTests
{
    /// <summary>Greets, then waits for a key press (long enough for the test to act on the live call).</summary>
    private const string WaitingAgent = """
        {"name":"Waiter","response_engine":{"type":"flow","flow":{"start":"hi","nodes":[
          {"id":"hi","type":"say","text":"Hello there.","next":"ask"},
          {"id":"ask","type":"ask","prompt":"Press one to finish.","variable":"key","input":"digits","max_digits":1,
           "choices":[{"value":"one","digit":"1"}],"retries":5,"next":"bye","on_failure":"bye"},
          {"id":"bye","type":"end","text":"Goodbye."}]}}}
        """;

    private readonly FixedInboundRouter _router = new();

    [Fact]
    public async Task A_call_is_answered_with_twiml_streams_its_greeting_hears_marks_and_ends_on_stop()
    {
        await using var server = await StartAsync();
        var key = await server.CreateKeyAsync();
        var agentId = await CreateAgentAsync(key);
        _router.Routes["+15550100"] = new InboundRoute(key.OrganizationId, "pn_test", "+15550100", agentId, null, null,
            new Dictionary<string, string> { ["customer"] = "Ada" }, """{"crm_id":"42"}""");

        var answer = await server.CreateClient().PostAsync("/api/v1/telephony/twilio/voice", Form(to: "+15550100"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/xml", answer.Content.Headers.ContentType?.MediaType);
        var stream = XDocument.Parse(await answer.Content.ReadAsStringAsync()).Root!.Element("Connect")!.Element("Stream")!;
        var url = new Uri((string)stream.Attribute("url")!);
        Assert.Equal("wss", url.Scheme);
        Assert.Equal("/api/v1/telephony/twilio/stream", url.AbsolutePath);
        var token = (string)stream.Element("Parameter")!.Attribute("value")!;
        Assert.Equal(("+15550100", "+15550001", "twilio"), Assert.Single(_router.Lookups));

        await using var twilio = await ConnectAsync(server, url.AbsolutePath);
        await twilio.StartAsync(token);
        Assert.True(await twilio.WaitUntilAsync(() => twilio.Count("media") >= 40 && twilio.Count("mark") >= 5, TimeSpan.FromSeconds(30)),
            $"only {twilio.Count("media")} media and {twilio.Count("mark")} marks");
        var messages = twilio.Received;
        Assert.All(messages.Where(m => (string?)m["event"] == "media"), m =>
        {
            Assert.Equal("MZ00000000000000000000000000000001", (string?)m["streamSid"]);
            Assert.Equal(160, Convert.FromBase64String((string)m["media"]!["payload"]!).Length);
        });
        var marks = messages.Where(m => (string?)m["event"] == "mark").Select(m => long.Parse((string)m["mark"]!["name"]!)).ToList();
        Assert.Equal(marks.Order().Distinct(), marks);

        var list = await (await key.Client.GetAsync("/api/v1/calls")).JsonAsync();
        var callId = (string)Assert.Single(list["data"]!.AsArray())!["id"]!;

        await twilio.StopAsync();
        await twilio.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        var call = await key.Client.WaitForCallEndedAsync(callId);
        Assert.Equal("user_hangup", (string)call["disconnection_reason"]!);
        Assert.Equal("inbound", (string)call["direction"]!);
        Assert.Equal("+15550001", (string)call["from_number"]!);
        Assert.Equal("+15550100", (string)call["to_number"]!);
        Assert.Equal("Ada", (string)call["dynamic_variables"]!["customer"]!);
        Assert.Contains("Hello there", call["transcript"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_telnyx_call_is_answered_with_texml_and_streams_pcmu_in_telnyx_dialect_until_stop()
    {
        await using var server = await StartAsync();
        var key = await server.CreateKeyAsync();
        var agentId = await CreateAgentAsync(key);
        _router.Routes["+15550100"] = new InboundRoute(key.OrganizationId, "pn_test", "+15550100", agentId, null, null,
            new Dictionary<string, string>(), null);

        var answer = await server.CreateClient().PostAsync("/api/v1/telephony/telnyx/voice", Form(to: "+15550100"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var stream = XDocument.Parse(await answer.Content.ReadAsStringAsync()).Root!.Element("Connect")!.Element("Stream")!;
        var url = new Uri((string)stream.Attribute("url")!);
        Assert.Equal("/api/v1/telephony/telnyx/stream", url.AbsolutePath);
        Assert.Equal(("rtp", "PCMU"), ((string?)stream.Attribute("bidirectionalMode"), (string?)stream.Attribute("bidirectionalCodec")));
        var token = (string)stream.Element("Parameter")!.Attribute("value")!;

        await using var telnyx = await ConnectAsync(server, url.AbsolutePath);
        await telnyx.StartAsync(token);
        Assert.True(await telnyx.WaitUntilAsync(() => telnyx.Count("media") >= 40 && telnyx.Count("mark") >= 5, TimeSpan.FromSeconds(30)),
            $"only {telnyx.Count("media")} media and {telnyx.Count("mark")} marks");
        Assert.All(telnyx.Received.Where(m => (string?)m["event"] == "media"), m =>
        {
            Assert.Null(m["streamSid"]);
            Assert.Equal(160, Convert.FromBase64String((string)m["media"]!["payload"]!).Length);
        });

        var callId = (string)Assert.Single((await (await key.Client.GetAsync("/api/v1/calls")).JsonAsync())["data"]!.AsArray())!["id"]!;
        await telnyx.StopAsync();
        await telnyx.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        var call = await key.Client.WaitForCallEndedAsync(callId);
        Assert.Equal("user_hangup", (string)call["disconnection_reason"]!);
        Assert.Contains("Hello there", call["transcript"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_number_is_rejected_in_twiml_and_nothing_is_recorded()
    {
        await using var server = await StartAsync();
        var answer = await server.CreateClient().PostAsync("/api/v1/telephony/signalwire/voice", Form(to: "+15559999"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var reject = XDocument.Parse(await answer.Content.ReadAsStringAsync()).Root!.Element("Reject");
        Assert.NotNull(reject);
        Assert.Equal(("+15559999", "+15550001", "signalwire"), Assert.Single(_router.Lookups));

        var missing = await server.CreateClient().PostAsync("/api/v1/telephony/twilio/voice", new FormUrlEncodedContent([new("From", "+1")]));
        var problem = await missing.ProblemAsync(400, "validation_failed");
        Assert.NotNull(problem["errors"]!["To"]);
    }

    [Fact]
    public async Task With_an_auth_token_configured_only_correctly_signed_webhooks_are_answered()
    {
        await using var server = await StartAsync(new Dictionary<string, string?> { ["Telephony:Twilio:AuthToken"] = "12345" });
        var client = server.CreateClient();
        var unsigned = await client.PostAsync("/api/v1/telephony/twilio/voice", Form(to: "+15559999"));
        await unsigned.ProblemAsync(403, "invalid_signature");

        var forged = new HttpRequestMessage(HttpMethod.Post, "/api/v1/telephony/twilio/voice") { Content = Form(to: "+15559999") };
        forged.Headers.Add("X-Twilio-Signature", Sign("54321", "http://localhost/api/v1/telephony/twilio/voice", FormFields("+15559999")));
        await (await client.SendAsync(forged)).ProblemAsync(403, "invalid_signature");

        var signed = new HttpRequestMessage(HttpMethod.Post, "/api/v1/telephony/twilio/voice") { Content = Form(to: "+15559999") };
        signed.Headers.Add("X-Twilio-Signature", Sign("12345", "http://localhost/api/v1/telephony/twilio/voice", FormFields("+15559999")));
        var answer = await client.SendAsync(signed);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.NotNull(XDocument.Parse(await answer.Content.ReadAsStringAsync()).Root!.Element("Reject"));
        Assert.Single(_router.Lookups); // the refused requests never reached routing
    }

    [Fact]
    public async Task A_stream_without_a_valid_token_is_closed_as_a_policy_violation_and_starts_no_call()
    {
        await using var server = await StartAsync();
        var key = await server.CreateKeyAsync();
        await using var twilio = await ConnectAsync(server, "/api/v1/telephony/twilio/stream");
        await twilio.StartAsync("forged.token");
        await twilio.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, twilio.CloseStatus);
        Assert.Equal(0, twilio.Count("media"));

        var plain = await server.CreateClient().GetAsync("/api/v1/telephony/twilio/stream");
        await plain.ProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task A_consult_stream_that_no_transfer_waits_for_is_closed_with_policy_violation()
    {
        await using var server = await StartAsync();
        await using var stray = await ConnectAsync(server, "/api/v1/telephony/twilio/consult-stream");
        await stray.StartAsync("not-a-pending-transfer");
        await stray.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, stray.CloseStatus);
        Assert.Equal(0, stray.Count("media"));

        var plain = await server.CreateClient().GetAsync("/api/v1/telephony/twilio/consult-stream");
        await plain.ProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task The_vendor_routes_are_limited_per_ip_and_stay_out_of_the_api_key_matrices()
    {
        await using var server = await StartAsync(new Dictionary<string, string?> { ["Switchboard:RateLimits:PerIpPerMinute"] = "2" });
        var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/telephony/telnyx/voice", Form(to: "+15559999"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/telephony/telnyx/voice", Form(to: "+15559999"))).StatusCode);
        var throttled = await client.PostAsync("/api/v1/telephony/telnyx/voice", Form(to: "+15559999"));
        await throttled.ProblemAsync(429, "rate_limited");
        Assert.True(throttled.Headers.Contains("Retry-After"));

        var all = ApiRoute.All(server.Services, includeAnonymous: true).Where(r => r.Pattern.StartsWith("/api/v1/telephony/", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, all.Count); // voice and stream per vendor, and Twilio's warm-transfer consult stream
        Assert.DoesNotContain(ApiRoute.All(server.Services), r => r.Pattern.StartsWith("/api/v1/telephony/", StringComparison.Ordinal));
    }

    private Task<TestServerInstance> StartAsync(IDictionary<string, string?>? settings = null) =>
        TestServerInstance.StartAsync(Providers.Sqlite, settings, b => b.Services.AddSingleton<IInboundCallRouter>(_router));

    private static async Task<TwilioStreamClient> ConnectAsync(TestServerInstance server, string path)
    {
        var testServer = (TestServer)server.Services.GetRequiredService<IServer>();
        var socket = await testServer.CreateWebSocketClient().ConnectAsync(new Uri("ws://localhost" + path), CancellationToken.None);
        return new TwilioStreamClient(socket, telnyx: path.Contains("/telnyx/", StringComparison.Ordinal));
    }

    private static List<KeyValuePair<string, string>> FormFields(string to) =>
    [
        new("AccountSid", "AC00000000000000000000000000000000"),
        new("CallSid", "CA00000000000000000000000000000001"),
        new("CallStatus", "ringing"),
        new("Direction", "inbound"),
        new("From", "+15550001"),
        new("To", to),
    ];

    private static FormUrlEncodedContent Form(string to) => new(FormFields(to));

    /// <summary>Twilio's documented scheme, written here independently of the server's code.</summary>
    private static string Sign(string token, string url, List<KeyValuePair<string, string>> fields)
    {
        var data = url + string.Concat(fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + f.Value));
#pragma warning disable CA5350 // Twilio's algorithm
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data)));
#pragma warning restore CA5350
    }

    private static async Task<string> CreateAgentAsync(TestKey key)
    {
        var response = await key.Client.PostJsonAsync("/api/v1/agents", WaitingAgent);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (string)(await response.JsonAsync())["id"]!;
    }
}

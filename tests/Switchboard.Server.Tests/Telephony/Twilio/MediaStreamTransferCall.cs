using System.Net;
using System.Net.Http.Json;
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

/// <summary>
/// One inbound media-stream call to a flow agent, end to end through the server: the vendor's voice webhook (signed
/// when a Twilio auth token is configured; these tests configure no signing secret for SignalWire or Telnyx), then its stream, played by
/// <see cref="TwilioStreamClient"/> until our side closes it; returns the call's record once it says ended.
/// </summary>
internal static class MediaStreamTransferCall
{
    public const string CallSid = "CA00000000000000000000000000000001";
    public const string AccountSid = "AC00000000000000000000000000000000";

    /// <returns>The call's record and how many <c>media</c> messages of agent audio the vendor side received.</returns>
    /// <param name="duringCall">Runs once the caller's stream has started (e.g. to play the target of a warm transfer).</param>
    public static async Task<(JsonNode Call, int MediaSent)> RunAsync(string vendor, string agentJson, Dictionary<string, string?> settings,
        Func<TestServerInstance, Task>? duringCall = null)
    {
        var router = new FixedInboundRouter();
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, settings, b => b.Services.AddSingleton<IInboundCallRouter>(router));
        var key = await server.CreateKeyAsync();
        var agentId = await key.Client.CreateAgentFromJsonAsync(agentJson);
        router.Routes["+15550100"] = new InboundRoute(key.OrganizationId, "pn_t", "+15550100", agentId, null, null, new Dictionary<string, string>(), null);

        List<KeyValuePair<string, string>> fields = [new("AccountSid", AccountSid), new("CallSid", CallSid), new("From", "+15550001"), new("To", "+15550100")];
        var webhook = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/telephony/{vendor}/voice") { Content = new FormUrlEncodedContent(fields) };
        if (vendor == "twilio" && settings.GetValueOrDefault("Telephony:Twilio:AuthToken") is { } authToken)
        {
            // Twilio's documented scheme: HMAC-SHA1 of the URL and the sorted fields, under the auth token.
            var signed = $"http://localhost/api/v1/telephony/{vendor}/voice" + string.Concat(fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + f.Value));
#pragma warning disable CA5350 // Twilio's algorithm
            webhook.Headers.Add("X-Twilio-Signature", Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(signed))));
#pragma warning restore CA5350
        }
        var answer = await server.CreateClient().SendAsync(webhook);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var stream = XDocument.Parse(await answer.Content.ReadAsStringAsync()).Root!.Element("Connect")!.Element("Stream")!;

        var testServer = (TestServer)server.Services.GetRequiredService<IServer>();
        var socket = await testServer.CreateWebSocketClient().ConnectAsync(new Uri($"ws://localhost/api/v1/telephony/{vendor}/stream"), CancellationToken.None);
        await using var client = new TwilioStreamClient(socket, telnyx: vendor == "telnyx");
        await client.StartAsync((string)stream.Element("Parameter")!.Attribute("value")!, CallSid);
        if (duringCall is not null) await duringCall(server);
        // The agent speaks, transfers (or fails to and says goodbye), and our side of the stream closes.
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(60));
        var callId = await key.Client.WaitForFirstCallIdAsync();
        return (await key.Client.WaitForCallEndedAsync(callId), client.Count("media"));
    }

    public static JsonNode TransferEntry(JsonNode call) => call["transcript"]!.AsArray().Single(e => (string?)e!["type"] == "transfer")!;

}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Telephony;
using Switchboard.ControlPlane.Telephony.Twilio;
using Switchboard.Realtime.Transports.Twilio;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>A transfer on a Twilio call goes out as a REST call update, against a local server speaking Twilio's format.</summary>
public sealed class TwilioTransferTests
{
    internal const string TransferringAgent = """
        {"name":"Transferrer","response_engine":{"type":"flow","flow":{"start":"t","nodes":[
          {"id":"t","type":"transfer","text":"Connecting you now.","target":"+15550199"}]}}}
        """;

    [Fact]
    public async Task A_flow_transfer_redirects_the_call_through_the_rest_api_with_dial_twiml()
    {
        await using var rest = await FakeTwilioRestApi.StartAsync();
        var router = new FixedInboundRouter();
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?>
        {
            ["Telephony:Twilio:AuthToken"] = "secret-token",
            ["Telephony:Twilio:ApiBaseUrl"] = rest.BaseUrl,
        }, b => b.Services.AddSingleton<IInboundCallRouter>(router));
        var key = await server.CreateKeyAsync();
        var created = await key.Client.PostJsonAsync("/api/v1/agents", TransferringAgent);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var agentId = (string)(await created.JsonAsync())["id"]!;
        router.Routes["+15550100"] = new InboundRoute(key.OrganizationId, "pn_t", "+15550100", agentId, null, null, new Dictionary<string, string>(), null);

        List<KeyValuePair<string, string>> fields = [new("AccountSid", "AC00000000000000000000000000000000"), new("CallSid", "CA00000000000000000000000000000001"),
            new("From", "+15550001"), new("To", "+15550100")];
        var webhook = new HttpRequestMessage(HttpMethod.Post, "/api/v1/telephony/twilio/voice") { Content = new FormUrlEncodedContent(fields) };
        var signed = "http://localhost/api/v1/telephony/twilio/voice" + string.Concat(fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + f.Value));
#pragma warning disable CA5350 // Twilio's algorithm
        webhook.Headers.Add("X-Twilio-Signature", Convert.ToBase64String(HMACSHA1.HashData("secret-token"u8, Encoding.UTF8.GetBytes(signed))));
#pragma warning restore CA5350
        var answer = await server.CreateClient().SendAsync(webhook);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var stream = XDocument.Parse(await answer.Content.ReadAsStringAsync()).Root!.Element("Connect")!.Element("Stream")!;

        var testServer = (TestServer)server.Services.GetRequiredService<IServer>();
        var socket = await testServer.CreateWebSocketClient().ConnectAsync(new Uri("ws://localhost/api/v1/telephony/twilio/stream"), CancellationToken.None);
        await using var twilio = new TwilioStreamClient(socket);
        await twilio.StartAsync((string)stream.Element("Parameter")!.Attribute("value")!);

        // The agent says its line, then the transfer goes out and our side of the stream closes.
        await twilio.Closed.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(twilio.Count("media") > 10, "the line before the transfer was not played");
        var update = Assert.Single(rest.Updates);
        Assert.Equal("AC00000000000000000000000000000000", update.Account);
        Assert.Equal("CA00000000000000000000000000000001", update.CallSid);
        Assert.Equal("Basic " + Convert.ToBase64String("AC00000000000000000000000000000000:secret-token"u8.ToArray()), update.Authorization);
        var dial = XDocument.Parse(update.Twiml!).Root!.Element("Dial")!;
        Assert.Equal("+15550199", (string)dial.Element("Number")!);

        var list = await (await key.Client.GetAsync("/api/v1/calls")).JsonAsync();
        var callId = (string)Assert.Single(list["data"]!.AsArray())!["id"]!;
        JsonNode? call = null;
        for (var i = 0; i < 100 && (string?)call?["status"] != "ended"; i++)
        {
            if (i > 0) await Task.Delay(100);
            call = await (await key.Client.GetAsync($"/api/v1/calls/{callId}")).JsonAsync();
        }
        Assert.Equal("ended", (string?)call!["status"]);
        Assert.Contains("transfer", (string)call["disconnection_reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rest_error_refuses_the_transfer_with_twilios_status_and_message()
    {
        await using var rest = await FakeTwilioRestApi.StartAsync(failWith: HttpStatusCode.NotFound);
        var redirector = new TwilioCallRedirector(RestTransferKit.HttpClients(), RestTransferKit.Options(o =>
        {
            o.AuthToken = "secret-token";
            o.ApiBaseUrl = rest.BaseUrl;
        }));

        var outcome = await redirector.TransferAsync(MediaStreamDialect.Twilio, "+15550199", RestTransferKit.Start("CA1", "AC1"), default);

        Assert.False(outcome.Accepted);
        Assert.Equal($"the Twilio REST API answered 404 Not Found: {FakeTwilioRestApi.NotFoundMessage}", outcome.Detail);
        Assert.Equal(("AC1", "CA1"), (Assert.Single(rest.Updates).Account, Assert.Single(rest.Updates).CallSid));
    }

    [Fact]
    public async Task Without_an_auth_token_a_twilio_transfer_is_refused_naming_the_setting()
    {
        await using var rest = await FakeTwilioRestApi.StartAsync();
        var redirector = new TwilioCallRedirector(RestTransferKit.HttpClients(), RestTransferKit.Options(o =>
        {
            o.ApiBaseUrl = rest.BaseUrl;
            o.SignalWireSpaceUrl = rest.BaseUrl; // SignalWire's credentials are not Twilio's
            o.SignalWireApiToken = "PTsecret";
        }));

        var outcome = await redirector.TransferAsync(MediaStreamDialect.Twilio, "+15550199", RestTransferKit.Start("CA1", "AC1"), default);

        Assert.Equal((false, "Twilio transfers need Telephony:Twilio:AuthToken."), (outcome.Accepted, outcome.Detail));
        Assert.Empty(rest.Updates);
    }
}

using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>
/// Warm transfers on Twilio, against a local server speaking Twilio's REST format: the second call is created with TwiML
/// streaming it back to us, the test plays Twilio answering it (connecting that stream), and both calls are then moved
/// into one conference.
/// </summary>
public sealed class TwilioWarmTransferTests
{
    private const string WarmAgent = """
        {"name":"Front desk","response_engine":{"type":"flow","flow":{"start":"t","nodes":[
          {"id":"t","type":"transfer","mode":"warm","target":"+15550199","text":"Please hold while I connect you.","on_failure":"sorry"},
          {"id":"sorry","type":"end","text":"Sorry, the line was {{transfer_outcome}}. Goodbye."}]}}}
        """;

    private static Dictionary<string, string?> Settings(FakeTwilioRestApi rest) => new()
    {
        ["Telephony:Twilio:AuthToken"] = "secret-token",
        ["Telephony:Twilio:ApiBaseUrl"] = rest.BaseUrl,
        ["Telephony:Twilio:TransferRingTimeoutSeconds"] = "20",
    };

    [Fact]
    public async Task The_answered_target_hears_the_briefing_then_both_calls_join_one_conference()
    {
        await using var rest = await FakeTwilioRestApi.StartAsync();
        var legMedia = 0;
        var (call, _) = await MediaStreamTransferCall.RunAsync("twilio", WarmAgent, Settings(rest), async server =>
        {
            var create = await rest.FirstCreate.WaitAsync(TimeSpan.FromSeconds(30));
            var stream = XDocument.Parse(create["Twiml"]).Root!.Element("Connect")!.Element("Stream")!;
            var url = new Uri((string)stream.Attribute("url")!);
            Assert.Equal("wss", url.Scheme);
            Assert.Equal("/api/v1/telephony/twilio/consult-stream", url.AbsolutePath);

            // Twilio answers: the new call's stream connects with the token from its TwiML.
            var testServer = (TestServer)server.Services.GetRequiredService<IServer>();
            var socket = await testServer.CreateWebSocketClient().ConnectAsync(new Uri("ws://localhost" + url.AbsolutePath), CancellationToken.None);
            await using var target = new TwilioStreamClient(socket);
            await target.StartAsync((string)stream.Element("Parameter")!.Attribute("value")!, FakeTwilioRestApi.CreatedSid);
            await target.Closed.WaitAsync(TimeSpan.FromSeconds(60));
            legMedia = target.Count("media");
        });

        var create = Assert.Single(rest.Creates);
        Assert.Equal(("+15550199", "+15550100", "20"), (create["To"], create["From"], create["Timeout"]));
        Assert.Equal("Basic " + Convert.ToBase64String("AC00000000000000000000000000000000:secret-token"u8.ToArray()), create["Authorization"]);
        Assert.True(legMedia > 25, $"the target heard only {legMedia} frames of the briefing");

        var updates = rest.Updates.ToArray();
        Assert.Equal([FakeTwilioRestApi.CreatedSid, MediaStreamTransferCall.CallSid], updates.Select(u => u.CallSid));
        var conferences = updates.Select(u => XDocument.Parse(u.Twiml!).Root!.Element("Dial")!.Element("Conference")!).ToArray();
        Assert.StartsWith("switchboard-", (string)conferences[0], StringComparison.Ordinal);
        Assert.Equal((string)conferences[0], (string)conferences[1]);
        Assert.All(conferences, c => Assert.Equal("true", (string?)c.Attribute("endConferenceOnExit")));

        Assert.Equal("transferred", (string?)call["disconnection_reason"]);
        var transfer = MediaStreamTransferCall.TransferEntry(call);
        Assert.Equal(("warm", "connected", true), ((string?)transfer["mode"], (string?)transfer["outcome"], (bool?)transfer["accepted"]));
    }

    [Fact]
    public async Task A_busy_target_leaves_the_caller_with_the_agent_which_says_so()
    {
        await using var rest = await FakeTwilioRestApi.StartAsync();
        rest.CreatedStatus = "busy";

        var (call, _) = await MediaStreamTransferCall.RunAsync("twilio", WarmAgent, Settings(rest));

        Assert.Single(rest.Creates);
        Assert.Empty(rest.Updates);
        Assert.Equal("agent_hangup", (string?)call["disconnection_reason"]);
        var transfer = MediaStreamTransferCall.TransferEntry(call);
        Assert.Equal(("warm", "busy", false), ((string?)transfer["mode"], (string?)transfer["outcome"], (bool?)transfer["accepted"]));
        Assert.Contains(call["transcript"]!.AsArray(),
            e => (string?)e!["role"] == "agent" && ((string?)e["text"] ?? "").Contains("line was busy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_callers_update_is_refused_the_target_is_hung_up_and_the_caller_stays_with_the_agent()
    {
        await using var rest = await FakeTwilioRestApi.StartAsync();
        rest.FailingUpdates[MediaStreamTransferCall.CallSid] = true;
        var (call, _) = await MediaStreamTransferCall.RunAsync("twilio", WarmAgent, Settings(rest), async server =>
        {
            var create = await rest.FirstCreate.WaitAsync(TimeSpan.FromSeconds(30));
            var stream = XDocument.Parse(create["Twiml"]).Root!.Element("Connect")!.Element("Stream")!;
            var testServer = (TestServer)server.Services.GetRequiredService<IServer>();
            var socket = await testServer.CreateWebSocketClient().ConnectAsync(
                new Uri("ws://localhost" + new Uri((string)stream.Attribute("url")!).AbsolutePath), CancellationToken.None);
            await using var target = new TwilioStreamClient(socket);
            await target.StartAsync((string)stream.Element("Parameter")!.Attribute("value")!, FakeTwilioRestApi.CreatedSid);
            await target.Closed.WaitAsync(TimeSpan.FromSeconds(60));
        });

        var updates = rest.Updates.ToArray();
        Assert.Equal([(FakeTwilioRestApi.CreatedSid, false), (MediaStreamTransferCall.CallSid, false), (FakeTwilioRestApi.CreatedSid, true)],
            updates.Select(u => (u.CallSid, u.Status == "completed")));
        Assert.Equal("agent_hangup", (string?)call["disconnection_reason"]);
        var transfer = MediaStreamTransferCall.TransferEntry(call);
        Assert.Equal((false, "failed"), ((bool?)transfer["accepted"], (string?)transfer["outcome"]));
        Assert.Equal($"the Twilio REST API answered 404 Not Found: {FakeTwilioRestApi.NotFoundMessage}", (string?)transfer["detail"]);
        Assert.Contains(call["transcript"]!.AsArray(),
            e => (string?)e!["role"] == "agent" && ((string?)e["text"] ?? "").Contains("line was failed", StringComparison.Ordinal));
    }

}

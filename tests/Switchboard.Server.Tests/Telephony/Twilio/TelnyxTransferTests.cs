using System.Net;
using Switchboard.ControlPlane.Telephony.Twilio;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>
/// Telnyx cold transfers: Call Control's transfer command on the stream's <c>call_control_id</c>, against a local server
/// speaking Telnyx's format.
/// </summary>
public sealed class TelnyxTransferTests
{
    private const string ApiKey = "KEY0123456789ABCDEF_secret";

    [Fact]
    public async Task A_flow_transfer_on_a_telnyx_stream_sends_the_transfer_command_for_its_call_control_id()
    {
        await using var api = await FakeTelnyxCallControlApi.StartAsync();
        var (call, media) = await MediaStreamTransferCall.RunAsync("telnyx", TwilioTransferTests.TransferringAgent, new()
        {
            ["Telephony:Twilio:TelnyxApiKey"] = ApiKey,
            ["Telephony:Twilio:TelnyxApiBaseUrl"] = api.BaseUrl,
        });

        Assert.True(media > 10, "the line before the transfer was not played");
        var command = Assert.Single(api.Commands);
        // TwilioStreamClient's Telnyx start carries call_control_id "v3:" + the call sid.
        Assert.Equal("v3:" + MediaStreamTransferCall.CallSid, command.CallControlId);
        Assert.Equal("Bearer " + ApiKey, command.Authorization);
        Assert.StartsWith("application/json", command.ContentType, StringComparison.Ordinal);
        Assert.Equal(("to", "+15550199"), (Assert.Single(command.Body!).Key, (string?)command.Body!["to"]));
        Assert.Equal("transferred", (string?)call["disconnection_reason"]);
        var transfer = MediaStreamTransferCall.TransferEntry(call);
        Assert.Equal((true, "connected"), ((bool?)transfer["accepted"], (string?)transfer["outcome"]));
    }

    [Fact]
    public async Task A_refused_transfer_command_leaves_the_caller_with_the_agent_which_says_so()
    {
        await using var api = await FakeTelnyxCallControlApi.StartAsync(HttpStatusCode.UnprocessableEntity);
        const string agent = """
            {"name":"Transferrer","response_engine":{"type":"flow","flow":{"start":"t","nodes":[
              {"id":"t","type":"transfer","text":"Connecting you now.","target":"+15550199","on_failure":"sorry"},
              {"id":"sorry","type":"end","text":"Sorry, the transfer {{transfer_outcome}}. Goodbye."}]}}}
            """;
        var (call, _) = await MediaStreamTransferCall.RunAsync("telnyx", agent, new()
        {
            ["Telephony:Twilio:TelnyxApiKey"] = ApiKey,
            ["Telephony:Twilio:TelnyxApiBaseUrl"] = api.BaseUrl,
        });

        Assert.Single(api.Commands);
        Assert.Equal("agent_hangup", (string?)call["disconnection_reason"]);
        var transfer = MediaStreamTransferCall.TransferEntry(call);
        Assert.Equal((false, "failed"), ((bool?)transfer["accepted"], (string?)transfer["outcome"]));
        Assert.Equal($"the Telnyx REST API answered 422 Unprocessable Entity: {FakeTelnyxCallControlApi.ErrorDetail}", (string?)transfer["detail"]);
        Assert.Contains(call["transcript"]!.AsArray(),
            e => (string?)e!["role"] == "agent" && ((string?)e["text"] ?? "").Contains("Sorry, the transfer failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sip_target_goes_out_as_the_to_field()
    {
        await using var api = await FakeTelnyxCallControlApi.StartAsync();

        var outcome = await Transferrer(api.BaseUrl).TransferAsync("sip:desk@pbx.example.com", RestTransferKit.Start("v3:abc-123"), default);

        Assert.Equal((true, "transferred by Telnyx Call Control"), (outcome.Accepted, outcome.Detail));
        var command = Assert.Single(api.Commands);
        Assert.Equal("v3:abc-123", command.CallControlId);
        Assert.Equal(("to", "sip:desk@pbx.example.com"), (Assert.Single(command.Body!).Key, (string?)command.Body!["to"]));
    }

    [Fact]
    public async Task Without_an_api_key_the_transfer_is_refused_naming_the_setting()
    {
        await using var api = await FakeTelnyxCallControlApi.StartAsync();
        var transferrer = new TelnyxCallTransferrer(RestTransferKit.HttpClients(), RestTransferKit.Options(o => o.TelnyxApiBaseUrl = api.BaseUrl));

        var outcome = await transferrer.TransferAsync("+15550199", RestTransferKit.Start("v3:abc"), default);

        Assert.Equal((false, "Telnyx transfers need Telephony:Twilio:TelnyxApiKey."), (outcome.Accepted, outcome.Detail));
        Assert.Empty(api.Commands);
    }

    [Fact]
    public async Task A_stream_without_a_call_control_id_or_with_a_bad_target_is_refused_before_any_request()
    {
        await using var api = await FakeTelnyxCallControlApi.StartAsync();

        var noId = await Transferrer(api.BaseUrl).TransferAsync("+15550199", RestTransferKit.Start(callId: null), default);
        var badTarget = await Transferrer(api.BaseUrl).TransferAsync("the front desk", RestTransferKit.Start("v3:abc"), default);

        Assert.Equal((false, "The stream named no Telnyx call_control_id to transfer."), (noId.Accepted, noId.Detail));
        Assert.False(badTarget.Accepted);
        Assert.Contains("neither a phone number nor a SIP URI", badTarget.Detail, StringComparison.Ordinal);
        Assert.Empty(api.Commands);
    }

    [Fact]
    public async Task An_unreachable_api_refuses_the_transfer()
    {
        var outcome = await Transferrer(RestTransferKit.ClosedPortUrl()).TransferAsync("+15550199", RestTransferKit.Start("v3:abc"), default);

        Assert.False(outcome.Accepted);
        Assert.StartsWith("the Telnyx REST API could not be reached", outcome.Detail, StringComparison.Ordinal);
    }

    private static TelnyxCallTransferrer Transferrer(string baseUrl) =>
        new(RestTransferKit.HttpClients(), RestTransferKit.Options(o =>
        {
            o.TelnyxApiKey = ApiKey;
            o.TelnyxApiBaseUrl = baseUrl;
        }));
}

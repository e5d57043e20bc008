using System.Net;
using System.Xml.Linq;
using Switchboard.ControlPlane.Telephony.Twilio;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>
/// SignalWire cold transfers: a call update through its Compatibility (LaML) REST API, which is Twilio's shape under
/// <c>https://{space}/api/laml</c> with the project id as account and an API token, against a local server speaking it.
/// </summary>
public sealed class SignalWireTransferTests
{
    private const string ProjectId = "b8d8f3a2-1c1e-4a55-9f5e-0d6f4f0e8a11";
    private const string ApiToken = "PTsecret";

    [Fact]
    public async Task A_flow_transfer_on_a_signalwire_stream_updates_the_call_under_api_laml_with_the_project_credentials()
    {
        await using var rest = await FakeTwilioRestApi.StartAsync("/api/laml");
        var (call, media) = await MediaStreamTransferCall.RunAsync("signalwire", TwilioTransferTests.TransferringAgent, new()
        {
            ["Telephony:Twilio:SignalWireSpaceUrl"] = rest.BaseUrl,
            ["Telephony:Twilio:SignalWireProjectId"] = ProjectId,
            ["Telephony:Twilio:SignalWireApiToken"] = ApiToken,
        });

        Assert.True(media > 10, "the line before the transfer was not played");
        var update = Assert.Single(rest.Updates);
        Assert.Equal((ProjectId, MediaStreamTransferCall.CallSid), (update.Account, update.CallSid));
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ProjectId}:{ApiToken}")), update.Authorization);
        Assert.Equal("+15550199", (string)XDocument.Parse(update.Twiml!).Root!.Element("Dial")!.Element("Number")!);
        Assert.Equal("transferred", (string?)call["disconnection_reason"]);
        var transfer = MediaStreamTransferCall.TransferEntry(call);
        Assert.Equal((true, "connected"), ((bool?)transfer["accepted"], (string?)transfer["outcome"]));
    }

    [Fact]
    public async Task A_sip_target_is_dialled_with_sip_twiml_and_the_streams_project_when_none_is_configured()
    {
        await using var rest = await FakeTwilioRestApi.StartAsync("/api/laml");
        var redirector = Redirector(rest.BaseUrl, projectId: null);

        var outcome = await redirector.TransferAsync(MediaStreamDialect.SignalWire, " sip:desk@pbx.example.com ", RestTransferKit.Start("CA1", "PJ-from-stream"), default);

        Assert.True(outcome.Accepted, outcome.Detail);
        var update = Assert.Single(rest.Updates);
        Assert.Equal(("PJ-from-stream", "CA1"), (update.Account, update.CallSid));
        Assert.Equal("Basic " + Convert.ToBase64String("PJ-from-stream:PTsecret"u8.ToArray()), update.Authorization);
        Assert.Equal("sip:desk@pbx.example.com", (string)XDocument.Parse(update.Twiml!).Root!.Element("Dial")!.Element("Sip")!);
    }

    [Fact]
    public async Task A_rest_error_refuses_the_transfer_with_signalwires_status_and_message()
    {
        await using var rest = await FakeTwilioRestApi.StartAsync("/api/laml", HttpStatusCode.NotFound);

        var outcome = await Redirector(rest.BaseUrl).TransferAsync(MediaStreamDialect.SignalWire, "+15550199", RestTransferKit.Start("CA1"), default);

        Assert.False(outcome.Accepted);
        Assert.Equal($"the SignalWire REST API answered 404 Not Found: {FakeTwilioRestApi.NotFoundMessage}", outcome.Detail);
        Assert.Single(rest.Updates);
    }

    [Fact]
    public async Task An_unreachable_space_refuses_the_transfer()
    {
        var outcome = await Redirector(RestTransferKit.ClosedPortUrl()).TransferAsync(MediaStreamDialect.SignalWire, "+15550199", RestTransferKit.Start("CA1"), default);

        Assert.False(outcome.Accepted);
        Assert.StartsWith("the SignalWire REST API could not be reached", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, ApiToken)]
    [InlineData("example.signalwire.com", null)]
    public async Task Without_space_or_token_the_transfer_is_refused_naming_the_settings(string? space, string? token)
    {
        await using var rest = await FakeTwilioRestApi.StartAsync("/api/laml");
        var redirector = new TwilioCallRedirector(RestTransferKit.HttpClients(), RestTransferKit.Options(o =>
        {
            o.SignalWireSpaceUrl = space;
            o.SignalWireApiToken = token;
            o.AuthToken = "twilio-token-is-not-signalwires";
        }));

        var outcome = await redirector.TransferAsync(MediaStreamDialect.SignalWire, "+15550199", RestTransferKit.Start("CA1", ProjectId), default);

        Assert.False(outcome.Accepted);
        Assert.Equal("SignalWire transfers need Telephony:Twilio:SignalWireSpaceUrl and SignalWireApiToken.", outcome.Detail);
        Assert.Empty(rest.Updates);
    }

    [Theory]
    [InlineData("front desk")]
    [InlineData("tel:+15550199")]
    [InlineData("+1 555 0199")]
    public async Task A_target_that_is_neither_a_number_nor_a_sip_uri_is_refused_before_any_request(string target)
    {
        await using var rest = await FakeTwilioRestApi.StartAsync("/api/laml");

        var outcome = await Redirector(rest.BaseUrl).TransferAsync(MediaStreamDialect.SignalWire, target, RestTransferKit.Start("CA1"), default);

        Assert.False(outcome.Accepted);
        Assert.Contains("neither a phone number nor a SIP URI", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(rest.Updates);
    }

    [Fact]
    public async Task A_stream_without_a_call_sid_is_refused()
    {
        await using var rest = await FakeTwilioRestApi.StartAsync("/api/laml");

        var outcome = await Redirector(rest.BaseUrl).TransferAsync(MediaStreamDialect.SignalWire, "+15550199", RestTransferKit.Start(callId: null), default);

        Assert.Equal((false, "The stream named no SignalWire account or call to transfer."), (outcome.Accepted, outcome.Detail));
        Assert.Empty(rest.Updates);
    }

    private static TwilioCallRedirector Redirector(string space, string? projectId = ProjectId) =>
        new(RestTransferKit.HttpClients(), RestTransferKit.Options(o =>
        {
            o.SignalWireSpaceUrl = space;
            o.SignalWireProjectId = projectId;
            o.SignalWireApiToken = ApiToken;
        }));
}

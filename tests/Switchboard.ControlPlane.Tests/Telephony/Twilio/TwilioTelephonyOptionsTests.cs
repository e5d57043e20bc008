using Switchboard.ControlPlane.Telephony.Twilio;

namespace Switchboard.ControlPlane.Tests.Telephony.Twilio;

public sealed class TwilioTelephonyOptionsTests
{
    [Theory]
    [InlineData("example.signalwire.com", "https://example.signalwire.com/api/laml")]
    [InlineData(" example.signalwire.com ", "https://example.signalwire.com/api/laml")]
    [InlineData("https://example.signalwire.com/", "https://example.signalwire.com/api/laml")]
    [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/api/laml")]
    public void The_signalwire_space_becomes_the_compatibility_api_root(string space, string root)
    {
        var options = new TwilioTelephonyOptions { SignalWireSpaceUrl = space };

        options.Validate();

        Assert.Equal(root, options.SignalWireRestRoot());
    }

    [Theory]
    [InlineData("ftp://example.signalwire.com")]
    [InlineData("https://example.signalwire.com/?x=1")]
    [InlineData("exa mple.signalwire.com")]
    public void An_unusable_signalwire_space_stops_the_start_naming_the_setting(string space)
    {
        var options = new TwilioTelephonyOptions { SignalWireSpaceUrl = space };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("Telephony:Twilio:SignalWireSpaceUrl", error.Message, StringComparison.Ordinal);
        Assert.Null(options.SignalWireRestRoot());
    }

    [Fact]
    public void Without_a_space_there_is_no_signalwire_rest_root()
    {
        var options = new TwilioTelephonyOptions();

        options.Validate();

        Assert.Null(options.SignalWireRestRoot());
    }

    [Theory]
    [InlineData("api.telnyx.com")]
    [InlineData("")]
    public void A_telnyx_api_base_that_is_not_an_absolute_http_url_stops_the_start(string baseUrl)
    {
        var options = new TwilioTelephonyOptions { TelnyxApiBaseUrl = baseUrl };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("Telephony:Twilio:TelnyxApiBaseUrl", error.Message, StringComparison.Ordinal);
    }
}

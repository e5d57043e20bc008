using System.Net;
using Switchboard.ControlPlane.Telephony;

namespace Switchboard.ControlPlane.Tests.Telephony;

public sealed class SipGatewayOptionsTests
{
    [Fact]
    public void The_public_address_defaults_to_loopback_for_a_wildcard_bind_and_to_the_bind_address_otherwise()
    {
        Assert.Equal(IPAddress.Loopback, new SipGatewayOptions().Public);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), new SipGatewayOptions { BindAddress = "192.0.2.7" }.Public);
        Assert.Equal(IPAddress.Parse("203.0.113.5"), new SipGatewayOptions { PublicAddress = "203.0.113.5" }.Public);
        Assert.Equal((10000, 20000), new SipGatewayOptions().RtpPorts);
        new SipGatewayOptions().Validate();
    }

    [Theory]
    [InlineData("BindAddress", "not-an-ip")]
    [InlineData("PublicAddress", "sip.example.com")]
    [InlineData("Port", "70000")]
    [InlineData("RtpPortRange", "20000-10000")]
    [InlineData("RtpPortRange", "80-90")]
    [InlineData("RtpPortRange", "10000")]
    [InlineData("NonceSecret", "short")]
    [InlineData("Authenticate", "true")]
    public void Unusable_settings_are_refused_naming_the_setting(string setting, string value)
    {
        var options = new SipGatewayOptions();
        switch (setting)
        {
            case "BindAddress": options.BindAddress = value; break;
            case "PublicAddress": options.PublicAddress = value; break;
            case "Port": options.Port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "RtpPortRange": options.RtpPortRange = value; break;
            case "NonceSecret": options.NonceSecret = value; break;
            case "Authenticate": options.Authenticate = true; break;
        }
        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains("Sip:" + setting, error.Message, StringComparison.Ordinal);
    }
}

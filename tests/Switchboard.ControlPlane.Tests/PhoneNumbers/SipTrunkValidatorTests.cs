using Switchboard.ControlPlane.PhoneNumbers;

namespace Switchboard.ControlPlane.Tests.PhoneNumbers;

public sealed class SipTrunkValidatorTests
{
    [Theory]
    [InlineData("sip.carrier.example")]
    [InlineData("sip.carrier.example:5060")]
    [InlineData("203.0.113.7:5080")]
    [InlineData("[2001:db8::1]:5060")]
    [InlineData("[2001:db8::1]")]
    [InlineData("localhost")]
    public void Accepts_host_and_optional_port(string address) => Assert.True(SipTrunkValidator.IsAddress(address));

    [Theory]
    [InlineData("sip:carrier.example")]
    [InlineData("carrier.example:")]
    [InlineData("carrier.example:0")]
    [InlineData("carrier.example:65536")]
    [InlineData("carrier.example:50a")]
    [InlineData("2001:db8::1")]
    [InlineData("[203.0.113.7]:5060")]
    [InlineData("[2001:db8::1]5060")]
    [InlineData("bad_host.example")]
    [InlineData("-x.example")]
    [InlineData("a b")]
    public void Refuses_anything_else(string address) => Assert.False(SipTrunkValidator.IsAddress(address));

    [Fact]
    public void Register_needs_credentials()
    {
        var request = new SipTrunkRequest { Name = "t", Address = "h", Transport = "udp", Register = true, RegisterExpiresSeconds = 3600, Username = "u" };
        Assert.Contains("register", SipTrunkValidator.Validate(request, hasPassword: false).Keys);
        Assert.Empty(SipTrunkValidator.Validate(request, hasPassword: true));
    }
}

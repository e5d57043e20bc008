using Switchboard.Sip.Security;

namespace Switchboard.Sip.Tests.Security;

public sealed class SipScannerFilterTests
{
    [Theory]
    [InlineData("friendly-scanner", true)]
    [InlineData("sipvicious", true)]
    [InlineData("SIPVicious 0.3.4", true)]
    [InlineData("sipcli/v1.8", true)]
    [InlineData("VaxSIPUserAgent/3.1", true)]
    [InlineData("baresip v3.0.0 (x86_64/linux)", false)]
    [InlineData("Linphone Desktop/5.0", false)]
    [InlineData("Asterisk PBX 20.0.0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Recognises_common_scanners_only(string? userAgent, bool expected) =>
        Assert.Equal(expected, new SipScannerFilter().IsScanner(userAgent));

    [Fact]
    public void Custom_signatures_replace_the_defaults() =>
        Assert.True(new SipScannerFilter(["evil-bot"]).IsScanner("Evil-Bot/1.0"));
}

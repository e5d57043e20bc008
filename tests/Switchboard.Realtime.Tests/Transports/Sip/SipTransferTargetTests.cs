using Switchboard.Realtime.Transports.Sip;
using Switchboard.Sip.Uris;

namespace Switchboard.Realtime.Tests.Transports.Sip;

public sealed class SipTransferTargetTests
{
    private static readonly SipUri Peer = SipUri.Parse("sip:trunk@198.51.100.4:5080");

    [Theory]
    [InlineData("sip:frontdesk@example.com", "sip:frontdesk@example.com")]
    [InlineData("sips:desk@example.com;transport=tcp", "sips:desk@example.com;transport=tcp")]
    [InlineData("+1 (415) 555-0100", "sip:+14155550100@198.51.100.4:5080")]
    [InlineData("tel:+14155550100", "sip:+14155550100@198.51.100.4:5080")]
    [InlineData("100", "sip:100@198.51.100.4:5080")]
    public void Uris_are_kept_and_numbers_go_to_the_peer(string target, string expected)
    {
        Assert.True(SipTransferTarget.TryResolve(target, Peer, out var uri, out var error), error);
        Assert.Equal(expected, uri!.ToString());
    }

    [Theory]
    [InlineData("the front desk")]
    [InlineData("sip:")]
    [InlineData("+1 555 CALL NOW")]
    public void Anything_else_is_refused_with_a_reason(string target)
    {
        Assert.False(SipTransferTarget.TryResolve(target, Peer, out _, out var error));
        Assert.Contains(target.Trim(), error, StringComparison.Ordinal);
    }
}

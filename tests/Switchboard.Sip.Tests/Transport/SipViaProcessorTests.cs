using System.Net;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Tests.Transport;

public sealed class SipViaProcessorTests
{
    private static readonly SipEndPoint Source = new(IPAddress.Parse("198.51.100.7"), 40000);

    private static ViaHeader Via(string value)
    {
        var request = (SipRequest)SipParser.Parse(TransportTestMessages.Options("v", extraVia: value), SipParserOptions.Datagram);
        return request.TopVia!;
    }

    [Fact]
    public void Received_is_added_only_when_sent_by_differs_and_rport_is_filled()
    {
        ViaHeader same = Via(string.Empty);
        SipViaProcessor.StampReceived(same, new SipEndPoint(IPAddress.Parse("192.0.2.10"), 5070));
        Assert.Null(same.Received);

        ViaHeader other = Via(string.Empty);
        SipViaProcessor.StampReceived(other, Source);
        Assert.Equal("198.51.100.7", other.Received);
        Assert.False(other.HasRPort);

        ViaHeader rport = Via(";rport");
        SipViaProcessor.StampReceived(rport, Source);
        Assert.Equal(40000, rport.RPort);
        Assert.Equal("198.51.100.7", rport.Received);
    }

    [Fact]
    public void Response_target_follows_rfc3261_18_2_2()
    {
        ViaHeader rport = Via(";rport");
        SipViaProcessor.StampReceived(rport, Source);
        Assert.Equal(Source, SipViaProcessor.ResolveResponseTarget(rport, reliable: false, Source));

        ViaHeader received = Via(string.Empty);
        SipViaProcessor.StampReceived(received, Source);
        Assert.Equal(new SipEndPoint(Source.Address, 5070), SipViaProcessor.ResolveResponseTarget(received, false, Source));

        Assert.Equal(new SipEndPoint(IPAddress.Parse("192.0.2.10"), 5070), SipViaProcessor.ResolveResponseTarget(Via(string.Empty), false, Source));
        Assert.Equal(new SipEndPoint(IPAddress.Parse("239.1.1.1"), 5070), SipViaProcessor.ResolveResponseTarget(Via(";maddr=239.1.1.1"), false, Source));
        Assert.Equal(Source, SipViaProcessor.ResolveResponseTarget(Via(string.Empty), reliable: true, Source));
    }
}

using System.Xml.Linq;
using Switchboard.ControlPlane.Telephony.Twilio;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.ControlPlane.Tests.Telephony.Twilio;

public sealed class TwimlTests
{
    [Fact]
    public void Connect_streams_bidirectionally_with_the_token_as_a_parameter_escaped_as_xml()
    {
        var xml = Twiml.Connect("wss://voice.example.com/api/v1/telephony/twilio/stream", "a&b<c\"", MediaStreamDialect.Twilio);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", xml, StringComparison.Ordinal);
        var stream = XDocument.Parse(xml).Root!.Element("Connect")!.Element("Stream")!;
        Assert.Equal("wss://voice.example.com/api/v1/telephony/twilio/stream", (string)stream.Attribute("url")!);
        var parameter = stream.Element("Parameter")!;
        Assert.Equal("token", (string)parameter.Attribute("name")!);
        Assert.Equal("a&b<c\"", (string)parameter.Attribute("value")!);
        Assert.Null(stream.Attribute("bidirectionalMode"));
    }

    [Fact]
    public void Telnyx_asks_for_rtp_both_ways_and_reject_names_its_reason()
    {
        var stream = XDocument.Parse(Twiml.Connect("wss://x/s", "t", MediaStreamDialect.Telnyx)).Root!.Element("Connect")!.Element("Stream")!;
        Assert.Equal("rtp", (string)stream.Attribute("bidirectionalMode")!);
        Assert.Equal("PCMU", (string)stream.Attribute("bidirectionalCodec")!);
        var reject = XDocument.Parse(Twiml.Reject("busy")).Root!.Element("Reject")!;
        Assert.Equal("busy", (string)reject.Attribute("reason")!);
    }
}

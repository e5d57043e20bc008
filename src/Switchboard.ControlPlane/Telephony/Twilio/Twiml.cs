using System.Xml.Linq;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>The TwiML (TeXML, cXML) documents the voice webhook answers with.</summary>
internal static class Twiml
{
    public const string ContentType = "text/xml";

    /// <summary>Connects the call to our stream: <c>&lt;Connect&gt;&lt;Stream&gt;</c> is the bidirectional form.</summary>
    public static string Connect(string streamUrl, string token, MediaStreamDialect dialect)
    {
        var stream = new XElement("Stream", new XAttribute("url", streamUrl),
            new XElement("Parameter", new XAttribute("name", "token"), new XAttribute("value", token)));
        if (dialect == MediaStreamDialect.Telnyx)
        {
            // Telnyx streams one way unless asked for RTP both ways, in the codec we speak.
            stream.Add(new XAttribute("bidirectionalMode", "rtp"), new XAttribute("bidirectionalCodec", "PCMU"));
        }
        return Document(new XElement("Connect", stream));
    }

    /// <summary>Refuses the call before it is answered (<paramref name="reason"/>: <c>rejected</c> or <c>busy</c>).</summary>
    public static string Reject(string reason) => Document(new XElement("Reject", new XAttribute("reason", reason)));

    private static string Document(XElement verb) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + new XElement("Response", verb).ToString(SaveOptions.DisableFormatting);
}

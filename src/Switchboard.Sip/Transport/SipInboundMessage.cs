using Switchboard.Sip.Messages;

namespace Switchboard.Sip.Transport;

/// <summary>
/// A message a transport received and parsed, with where it came from. For requests the top Via already carries
/// <c>received</c>/<c>rport</c> as RFC 3261 §18.2.1 and RFC 3581 require. The message is owned by whoever reads it
/// from the channel.
/// </summary>
/// <param name="Message">The parsed request or response.</param>
/// <param name="Remote">The packet's source (for TCP, the connection's peer).</param>
/// <param name="Local">The local address and port it arrived on.</param>
/// <param name="Transport">The transport it arrived on.</param>
public sealed record SipInboundMessage(SipMessage Message, SipEndPoint Remote, SipEndPoint Local, SipTransportKind Transport);

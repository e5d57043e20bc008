using System.Net;

namespace Switchboard.Sip.Rtp;

/// <summary>Handles one received datagram (the span is valid only during the call); false stops the loop.</summary>
internal delegate bool DatagramHandler(ReadOnlySpan<byte> datagram, SocketAddress from);

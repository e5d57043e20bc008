using System.Threading.Channels;
using Switchboard.Sip.Messages;

namespace Switchboard.Sip.Transport;

/// <summary>
/// One bound SIP transport (UDP or TCP today, TLS later): receives, frames, parses and answers garbage on its own
/// receive loops, and delivers valid messages into the channel given to <see cref="Start"/>. Thread-safe: sends may
/// come from any thread. The transport owns its sockets and loops; <see cref="IAsyncDisposable.DisposeAsync"/> stops
/// the loops and releases every socket.
/// </summary>
public interface ISipTransport : IAsyncDisposable
{
    /// <summary>UDP, TCP or TLS.</summary>
    SipTransportKind Kind { get; }

    /// <summary>True for stream transports, where the transaction layer does not retransmit (RFC 3261 §17).</summary>
    bool IsReliable { get; }

    /// <summary>The bound address and port (the real port when 0 was configured).</summary>
    SipEndPoint LocalEndPoint { get; }

    /// <summary>The host to put in the sent-by of Via headers for requests sent on this transport.</summary>
    string SentByHost { get; }

    /// <summary>
    /// Raised (on a transport thread) when messages queued for a remote could not be delivered — a failed TCP connect
    /// or write — so the transaction layer can report the transport error at once (RFC 3261 §17.1.4) instead of
    /// waiting for a timeout. UDP never raises it.
    /// </summary>
    event Action<SipEndPoint>? DeliveryFailed;

    /// <summary>Starts the receive loops, which write into <paramref name="sink"/> (waiting when it is full).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Already started, or disposed.</exception>
    void Start(ChannelWriter<SipInboundMessage> sink);

    /// <summary>
    /// Serializes and sends (UDP) or queues (TCP, connecting when no connection to <paramref name="remote"/> exists)
    /// a message without blocking. Returns false when it could not be sent or queued (too large, queue full, socket
    /// error, disposed); the transaction layer treats that as a transport error.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    bool TrySend(SipMessage message, SipEndPoint remote);
}

using System.Threading.Channels;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Tests.Interop;

/// <summary>A real transport that counts the requests it delivers and the responses it sends, so a test sees what a peer got.</summary>
internal sealed class CountingTransport(ISipTransport inner) : ISipTransport
{
    private int _requests;
    private int _responses;

    public event Action<SipEndPoint>? DeliveryFailed
    {
        add => inner.DeliveryFailed += value;
        remove => inner.DeliveryFailed -= value;
    }

    public int Requests => Volatile.Read(ref _requests);

    public int Responses => Volatile.Read(ref _responses);

    public SipTransportKind Kind => inner.Kind;

    public bool IsReliable => inner.IsReliable;

    public SipEndPoint LocalEndPoint => inner.LocalEndPoint;

    public string SentByHost => inner.SentByHost;

    public void Start(ChannelWriter<SipInboundMessage> sink) => inner.Start(new CountingWriter(sink, this));

    public bool TrySend(SipMessage message, SipEndPoint remote)
    {
        if (message is SipResponse)
        {
            Interlocked.Increment(ref _responses);
        }

        return inner.TrySend(message, remote);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private sealed class CountingWriter(ChannelWriter<SipInboundMessage> sink, CountingTransport owner) : ChannelWriter<SipInboundMessage>
    {
        public override bool TryWrite(SipInboundMessage item)
        {
            bool written = sink.TryWrite(item);
            if (written && item.Message is SipRequest)
            {
                Interlocked.Increment(ref owner._requests);
            }

            return written;
        }

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => sink.WaitToWriteAsync(cancellationToken);

        public override bool TryComplete(Exception? error = null) => sink.TryComplete(error);
    }
}

using System.Net;
using System.Threading.Channels;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Tests.Transactions;

/// <summary>Records what the layer sends, as it would appear on the wire, stamped with virtual time.</summary>
internal sealed class InMemorySipTransport(SipTransportKind kind, TimeProvider time) : ISipTransport
{
    public SipTransportKind Kind => kind;

    public bool IsReliable => kind != SipTransportKind.Udp;

    public SipEndPoint LocalEndPoint { get; } = new(IPAddress.Parse("192.0.2.1"), 5060);

    public string SentByHost => "uac.example.com";

    public List<SentMessage> Sent { get; } = [];

    public bool FailSends { get; set; }

    public event Action<SipEndPoint>? DeliveryFailed;

    public void FailDelivery(SipEndPoint remote) => DeliveryFailed?.Invoke(remote);

    public void Start(ChannelWriter<SipInboundMessage> sink)
    {
    }

    public bool TrySend(SipMessage message, SipEndPoint remote)
    {
        if (FailSends)
        {
            return false;
        }

        Sent.Add(new SentMessage(SipParser.Parse(message.ToBytes(), SipParserOptions.Datagram), remote, time.GetUtcNow()));
        return true;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

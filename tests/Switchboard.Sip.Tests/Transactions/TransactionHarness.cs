using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Tests.Transactions;

/// <summary>A transaction layer over an in-memory transport on virtual time; messages are fed straight in.</summary>
internal sealed class TransactionHarness : IAsyncDisposable
{
    public static readonly SipEndPoint Peer = new(IPAddress.Parse("192.0.2.10"), 5070);

    public TransactionHarness(SipTransportKind kind = SipTransportKind.Udp, SipTransactionOptions? options = null)
    {
        Transport = new InMemorySipTransport(kind, Time);
        Layer = new SipTransactionLayer([Transport], options, Time);
        Start = Time.GetUtcNow();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public DateTimeOffset Start { get; }

    public InMemorySipTransport Transport { get; }

    public SipTransactionLayer Layer { get; }

    public static string Request(
        string method,
        string branch = "z9hG4bKaaa",
        uint cseq = 1,
        string? cseqMethod = null,
        string? toTag = null,
        int maxForwards = 70,
        string fromTag = "ft1",
        string callId = "call-1")
    {
        string branchParam = branch.Length == 0 ? string.Empty : ";branch=" + branch;
        return $"{method} sip:bob@example.com SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 192.0.2.10:5070{branchParam}\r\n" +
            $"Max-Forwards: {maxForwards}\r\n" +
            $"To: <sip:bob@example.com>{(toTag is null ? string.Empty : ";tag=" + toTag)}\r\n" +
            $"From: <sip:alice@example.com>;tag={fromTag}\r\n" +
            $"Call-ID: {callId}\r\n" +
            $"CSeq: {cseq} {cseqMethod ?? method}\r\n" +
            "Content-Length: 0\r\n\r\n";
    }

    public static SipRequest Parse(string text) => (SipRequest)SipParser.Parse(Encoding.UTF8.GetBytes(text), SipParserOptions.Datagram);

    /// <summary>A response to one of our client requests as the peer would send it.</summary>
    public static SipResponse ResponseTo(SipRequest request, int status, string toTag = "peer") =>
        (SipResponse)SipParser.Parse(SipResponseFactory.CreateResponse(request, status, toTag: toTag).ToBytes(), SipParserOptions.Datagram);

    public void Receive(string text) => Receive(Parse(text));

    public void Receive(SipMessage message) =>
        Layer.HandleInbound(new SipInboundMessage(message, Peer, Transport.LocalEndPoint, Transport.Kind));

    /// <summary>Advances in 50 ms steps so every timer fires at its own instant and sends are stamped exactly.</summary>
    public void Advance(TimeSpan total)
    {
        TimeSpan step = TimeSpan.FromMilliseconds(50);
        for (TimeSpan done = TimeSpan.Zero; done < total; done += step)
        {
            Time.Advance(step);
        }
    }

    public double[] SendTimes(Func<SentMessage, bool> which) =>
        [.. Transport.Sent.Where(which).Select(s => (s.At - Start).TotalSeconds)];

    public SipServerTransaction NextServerTransaction()
    {
        Assert.True(Layer.IncomingRequests.TryRead(out SipServerTransaction? tx), "the TU should have been given a transaction");
        return tx;
    }

    public ValueTask DisposeAsync() => Layer.DisposeAsync();
}

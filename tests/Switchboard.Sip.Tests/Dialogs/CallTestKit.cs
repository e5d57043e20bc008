using System.Net;
using System.Text;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Tests.Transactions;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Tests.Dialogs;

/// <summary>
/// A <see cref="SipCallEndpoint"/> on a <see cref="TransactionHarness"/> (in-memory transport, virtual time); the test
/// plays the peer by feeding wire text and reading what the endpoint sent.
/// </summary>
internal sealed class CallTestKit : IAsyncDisposable
{
    public const string PeerContact = "sip:alice@192.0.2.10:5070";

    private CallTestKit(SipCallEndpointOptions? options)
    {
        Endpoint = new SipCallEndpoint(H.Layer, options ?? new SipCallEndpointOptions { Contact = SipUri.Parse("sip:sb@192.0.2.1:5060") }, H.Time);
        Endpoint.Start();
    }

    public TransactionHarness H { get; } = new();

    public SipCallEndpoint Endpoint { get; }

    public static CallTestKit Create(SipCallEndpointOptions? options = null) => new(options);

    public static SdpNegotiator Negotiator(int port) => new(new SdpNegotiatorOptions(), IPAddress.Parse("192.0.2.1"), port);

    public static string PeerOffer(string direction = "sendrecv") =>
        Negotiator(30000).CreateOffer(Enum.Parse<SdpDirection>(direction, ignoreCase: true)).ToString();

    /// <summary>A request from the peer; tags and CSeq given, optional body.</summary>
    public static string PeerRequest(string method, uint cseq, string? toTag, string branch, string? contentType = null, string body = "", params string[] extra)
    {
        string text = $"{method} sip:sb@192.0.2.1:5060 SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 192.0.2.10:5070;branch={branch}\r\n" +
            "Max-Forwards: 70\r\n" +
            $"To: <sip:sb@example.com>{(toTag is null ? string.Empty : ";tag=" + toTag)}\r\n" +
            "From: \"Alice\" <sip:alice@example.com>;tag=alicetag\r\n" +
            "Call-ID: call-42\r\n" +
            $"CSeq: {cseq} {method}\r\n" +
            $"Contact: <{PeerContact}>\r\n" +
            string.Concat(extra.Select(e => e + "\r\n")) +
            (contentType is null ? string.Empty : $"Content-Type: {contentType}\r\n") +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;
        return text;
    }

    /// <summary>Waits (real time, bounded) for the endpoint's background loops to send a message matching <paramref name="which"/>.</summary>
    public async Task<SentMessage> SentAsync(Func<SentMessage, bool> which, int nth = 1)
    {
        for (int i = 0; i < 2000; i++)
        {
            SentMessage[] sent = Snapshot();
            SentMessage[] hits = [.. sent.Where(which)];
            if (hits.Length >= nth)
            {
                return hits[nth - 1];
            }

            await Task.Delay(5);
        }

        Assert.Fail("The endpoint never sent the expected message.");
        throw new InvalidOperationException();
    }

    public int Count(Func<SentMessage, bool> which) => Snapshot().Count(which);

    /// <summary>A copy of what was sent; the list grows from the endpoint's threads, so a torn copy is retried.</summary>
    public SentMessage[] Snapshot()
    {
        while (true)
        {
            try
            {
                return [.. H.Transport.Sent.ToArray().Where(s => s is not null)];
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    public static async Task<SipCallEvent> NextEventAsync(SipCall call)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await call.Events.ReadAsync(guard.Token);
    }

    public async Task<SipIncomingCall> NextIncomingAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await Endpoint.IncomingCalls.ReadAsync(guard.Token);
    }

    /// <summary>Peer INVITE → accept with a negotiator → peer ACK; returns the answered call and our tag.</summary>
    public async Task<(SipCall Call, string Tag)> AnsweredInboundCallAsync()
    {
        H.Receive(PeerRequest("INVITE", 1, null, "z9hG4bKinv", "application/sdp", PeerOffer()));
        SipIncomingCall incoming = await NextIncomingAsync();
        SipCall call = await incoming.AcceptAsync(Negotiator(40000));
        string tag = call.Dialog!.LocalTag;
        H.Receive(PeerRequest("ACK", 1, tag, "z9hG4bKack"));
        Assert.Equal(SipCallEventKind.Answered, (await NextEventAsync(call)).Kind);
        return (call, tag);
    }

    public async ValueTask DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        await H.DisposeAsync();
    }
}

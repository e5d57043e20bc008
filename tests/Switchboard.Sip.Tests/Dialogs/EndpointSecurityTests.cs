using System.Net;
using System.Text.RegularExpressions;
using Switchboard.Sip.Auth;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Security;
using Switchboard.Sip.Tests.Auth;
using Switchboard.Sip.Tests.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Tests.Dialogs;

public sealed partial class EndpointSecurityTests
{
    private const string Realm = "sb.test";
    private static readonly SipEndPoint Other = new(IPAddress.Parse("198.51.100.7"), 5060);

    [Fact]
    public async Task An_invite_without_credentials_is_challenged_and_with_them_reaches_the_engine_as_the_user()
    {
        await using var k = Kit(out _);
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKa1", "application/sdp", CallTestKit.PeerOffer()));
        SipResponse challenge = (SipResponse)(await k.SentAsync(s => s.Status == 401)).Message;
        string[] offered = [.. challenge.Headers.GetAll(SipHeaderNames.WwwAuthenticate).Select(h => h.Value)];
        Assert.Equal(2, offered.Length);
        Assert.False(k.Endpoint.IncomingCalls.TryRead(out _));

        string authorization = new SipDigestClient("1001", "s3cret").Respond(offered, "INVITE", "sip:sb@192.0.2.1:5060").ToString();
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 2, null, "z9hG4bKa2", "application/sdp", CallTestKit.PeerOffer(), "Authorization: " + authorization));
        SipIncomingCall incoming = await k.NextIncomingAsync();
        Assert.Equal("1001", incoming.AuthenticatedUser);
        Assert.NotNull(incoming.Offer);
    }

    [Theory]
    [InlineData("INVITE")]
    [InlineData("REGISTER")]
    public async Task Unknown_user_and_wrong_password_get_the_same_answer_as_no_credentials(string method)
    {
        await using var k = Kit(out _);
        string[] challenges = await ChallengesAsync(k, method, 1, null);
        string unknown = new SipDigestClient("1099", "s3cret").Respond(challenges, method, "sip:sb@192.0.2.1:5060").ToString();
        string wrong = new SipDigestClient("1001", "guess").Respond(challenges, method, "sip:sb@192.0.2.1:5060").ToString();
        k.H.Receive(CallTestKit.PeerRequest(method, 2, null, "z9hG4bKb2", extra: "Authorization: " + unknown));
        k.H.Receive(CallTestKit.PeerRequest(method, 3, null, "z9hG4bKb3", extra: "Authorization: " + wrong));
        SentMessage toUnknown = await k.SentAsync(s => s.Status == 401 && ((SipResponse)s.Message).CSeq.Sequence == 2);
        SentMessage toWrong = await k.SentAsync(s => s.Status == 401 && ((SipResponse)s.Message).CSeq.Sequence == 3);
        SentMessage toNone = await k.SentAsync(s => s.Status == 401 && ((SipResponse)s.Message).CSeq.Sequence == 1);

        // Apart from what must differ per request (CSeq, branch, the fresh tag and nonce) the answers are byte-identical.
        string a = Normalize(toUnknown.Message.ToString(), 2, "z9hG4bKb2");
        Assert.Equal(a, Normalize(toWrong.Message.ToString(), 3, "z9hG4bKb3"));
        Assert.Equal(a, Normalize(toNone.Message.ToString(), 1, "z9hG4bKb1"));
        Assert.False(k.Endpoint.IncomingCalls.TryRead(out _));
    }

    [Fact]
    public async Task An_authenticated_register_gets_200_with_its_contact_and_without_auth_register_is_405()
    {
        await using (var k = Kit(out _))
        {
            string[] challenges = await ChallengesAsync(k, "REGISTER", 1, null);
            string authorization = new SipDigestClient("1001", "s3cret").Respond(challenges, "REGISTER", "sip:sb@192.0.2.1:5060").ToString();
            k.H.Receive(CallTestKit.PeerRequest("REGISTER", 2, null, "z9hG4bKr2", extra: ["Authorization: " + authorization, "Expires: 120"]));
            SipResponse ok = (SipResponse)(await k.SentAsync(s => s.Status == 200)).Message;
            Assert.Equal("<" + CallTestKit.PeerContact + ">", ok.Headers.GetFirstValue(SipHeaderNames.Contact));
            Assert.Equal("120", ok.Headers.GetFirstValue(SipHeaderNames.Expires));
        }

        await using var open = CallTestKit.Create();
        open.H.Receive(CallTestKit.PeerRequest("REGISTER", 1, null, "z9hG4bKr1"));
        await open.SentAsync(s => s.Status == 405);
    }

    [Fact]
    public async Task An_allow_listed_address_calls_without_a_challenge()
    {
        await using var k = Kit(out _, allow: ["192.0.2.0/24"]);
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 1, null, "z9hG4bKc1", "application/sdp", CallTestKit.PeerOffer()));
        SipIncomingCall incoming = await k.NextIncomingAsync();
        Assert.Null(incoming.AuthenticatedUser);
        Assert.Equal(0, k.Count(s => s.Status == 401));
    }

    [Fact]
    public async Task A_source_over_the_rate_limit_is_dropped_unanswered_while_others_are_served()
    {
        var guard = new SipFloodGuard(new SipFloodGuardOptions { MaxRequestsPerInterval = 3, Interval = TimeSpan.FromSeconds(2) }, TimeProvider.System);
        await using var k = CallTestKit.Create(new SipCallEndpointOptions { Contact = SipUri.Parse("sip:sb@192.0.2.1:5060"), FloodGuard = guard });
        for (uint i = 1; i <= 6; i++)
        {
            k.H.Receive(CallTestKit.PeerRequest("OPTIONS", i, null, "z9hG4bKf" + i));
        }

        // Requests are screened in arrival order, so once the other source is answered the flood has been judged.
        ReceiveFrom(k, Other, CallTestKit.PeerRequest("OPTIONS", 99, null, "z9hG4bKother"));
        await k.SentAsync(s => s.Status == 200 && ((SipResponse)s.Message).CSeq.Sequence == 99);
        uint[] answered = [.. k.Snapshot().Where(s => s.Status == 200).Select(s => ((SipResponse)s.Message).CSeq.Sequence)];
        Assert.Equal([1u, 2u, 3u, 99u], answered);
        Assert.True(guard.IsBlocked(TransactionHarness.Peer.Address));
    }

    [Fact]
    public async Task A_scanner_user_agent_is_dropped_unanswered()
    {
        await using var k = CallTestKit.Create(new SipCallEndpointOptions { Contact = SipUri.Parse("sip:sb@192.0.2.1:5060"), ScannerFilter = new SipScannerFilter() });
        k.H.Receive(CallTestKit.PeerRequest("OPTIONS", 1, null, "z9hG4bKs1", extra: "User-Agent: friendly-scanner"));
        k.H.Receive(CallTestKit.PeerRequest("INVITE", 2, null, "z9hG4bKs2", "application/sdp", CallTestKit.PeerOffer(), "User-Agent: sipvicious"));
        k.H.Receive(CallTestKit.PeerRequest("OPTIONS", 3, null, "z9hG4bKs3", extra: "User-Agent: Yealink SIP-T46S"));
        await k.SentAsync(s => s.Status == 200 && ((SipResponse)s.Message).CSeq.Sequence == 3);
        Assert.Single(k.Snapshot());
        Assert.False(k.Endpoint.IncomingCalls.TryRead(out _));
    }

    private static CallTestKit Kit(out InMemoryCredentialStore store, string[]? allow = null)
    {
        store = new InMemoryCredentialStore().Add("1001", Realm, SipCredential.FromPassword("s3cret"));
        var authenticator = new SipDigestAuthenticator(
            new SipDigestAuthenticatorOptions { Realm = Realm, NonceSecret = new byte[32], AllowList = new IpAllowList(allow ?? []) },
            store,
            TimeProvider.System);
        return CallTestKit.Create(new SipCallEndpointOptions { Contact = SipUri.Parse("sip:sb@192.0.2.1:5060"), Authenticator = authenticator });
    }

    private static async Task<string[]> ChallengesAsync(CallTestKit k, string method, uint cseq, string? extra)
    {
        k.H.Receive(CallTestKit.PeerRequest(method, cseq, null, "z9hG4bKb" + cseq, extra: extra is null ? [] : [extra]));
        SipResponse challenge = (SipResponse)(await k.SentAsync(s => s.Status == 401 && ((SipResponse)s.Message).CSeq.Sequence == cseq)).Message;
        return [.. challenge.Headers.GetAll(SipHeaderNames.WwwAuthenticate).Select(h => h.Value)];
    }

    private static void ReceiveFrom(CallTestKit k, SipEndPoint source, string text) =>
        k.H.Layer.HandleInbound(new SipInboundMessage(TransactionHarness.Parse(text), source, k.H.Transport.LocalEndPoint, k.H.Transport.Kind));

    private static string Normalize(string response, uint cseq, string branch) =>
        Nonce().Replace(Tag().Replace(response.Replace(branch, "BRANCH", StringComparison.Ordinal).Replace($"CSeq: {cseq} ", "CSeq: N ", StringComparison.Ordinal), ";tag=T"), "nonce=\"N\"");

    [GeneratedRegex(";tag=[^;>\\r\\n]+(?=\\r\\n)")]
    private static partial Regex Tag();

    [GeneratedRegex("nonce=\"[^\"]*\"")]
    private static partial Regex Nonce();
}

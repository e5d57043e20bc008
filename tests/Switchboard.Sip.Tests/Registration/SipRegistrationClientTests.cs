using System.Net;
using Switchboard.Sip.Auth;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Registration;
using Switchboard.Sip.Tests.Auth;
using Switchboard.Sip.Tests.Transactions;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Tests.Registration;

public sealed class SipRegistrationClientTests
{
    private const string Realm = "trunk.test";

    [Fact]
    public async Task Registers_through_a_challenge_and_refreshes_before_the_granted_expiry()
    {
        await using var h = new TransactionHarness();
        SipDigestAuthenticator registrar = Registrar(h.Time);
        await using var client = new SipRegistrationClient(h.Layer, Options(), h.Time);
        client.Start();

        SipRequest first = await SentRegisterAsync(h, 1);
        Assert.Null(first.Headers.GetFirstValue(SipHeaderNames.Authorization));
        Assert.Equal("3600", first.Headers.GetFirstValue(SipHeaderNames.Expires));
        DigestAuthResult challenge = await registrar.AuthenticateAsync(null, "REGISTER");
        SipResponse unauthorized = TransactionHarness.ResponseTo(first, 401);
        foreach (DigestChallenge c in challenge.Challenges)
        {
            unauthorized.Headers.Add(SipHeaderNames.WwwAuthenticate, c.ToString());
        }

        h.Receive(unauthorized);
        SipRequest second = await SentRegisterAsync(h, 2);
        Assert.Equal(2u, second.CSeq.Sequence);
        Assert.Equal(first.CallId, second.CallId);
        Assert.Equal(first.From.Tag, second.From.Tag);
        DigestAuthResult verdict = await registrar.AuthenticateAsync(second.Headers.GetFirstValue(SipHeaderNames.Authorization), "REGISTER");
        Assert.Equal(DigestAuthOutcome.Authenticated, verdict.Outcome);

        SipResponse ok = TransactionHarness.ResponseTo(second, 200);
        ok.Headers.Add(SipHeaderNames.Contact, "<sip:someone-else@192.0.2.9>;expires=3600");
        ok.Headers.Add(SipHeaderNames.Contact, "<sip:sb@192.0.2.1:5060>;expires=120");
        h.Receive(ok);
        SipRegistrationStatus registered = await NextAsync(client, SipRegistrationState.Registered);
        Assert.Equal((200, TimeSpan.FromSeconds(120)), (registered.StatusCode, registered.Expires));

        // Granted 120 s with a 30 s margin: the refresh goes at 90 s, not a tick before.
        h.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal(2, RegisterCount(h));
        h.Advance(TimeSpan.FromSeconds(1));
        SipRequest refresh = await SentRegisterAsync(h, 3);
        Assert.Equal(3u, refresh.CSeq.Sequence);
        Assert.Equal(first.CallId, refresh.CallId);
        Assert.Equal(90, (h.Transport.Sent.Last(s => s.Method == "REGISTER").At - h.Start).TotalSeconds);
    }

    [Fact]
    public async Task A_423_raises_the_lifetime_to_min_expires_and_a_short_grant_is_refreshed_at_its_half()
    {
        await using var h = new TransactionHarness();
        await using var client = new SipRegistrationClient(h.Layer, Options(), h.Time);
        client.Start();
        SipRequest first = await SentRegisterAsync(h, 1);
        SipResponse tooBrief = TransactionHarness.ResponseTo(first, 423);
        tooBrief.Headers.Add("Min-Expires", "7200");
        h.Receive(tooBrief);
        SipRequest second = await SentRegisterAsync(h, 2);
        Assert.Equal("7200", second.Headers.GetFirstValue(SipHeaderNames.Expires));

        SipResponse ok = TransactionHarness.ResponseTo(second, 200);
        ok.Headers.Add(SipHeaderNames.Expires, "40");
        h.Receive(ok);
        Assert.Equal(TimeSpan.FromSeconds(40), (await NextAsync(client, SipRegistrationState.Registered)).Expires);
        h.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(2, RegisterCount(h));
        h.Advance(TimeSpan.FromSeconds(1));
        await SentRegisterAsync(h, 3);
    }

    [Theory]
    [InlineData(403, false)]
    [InlineData(401, true)]
    public async Task A_rejection_or_a_second_challenge_fails_and_is_retried_after_the_retry_delay(int status, bool challengeTwice)
    {
        await using var h = new TransactionHarness();
        SipDigestAuthenticator registrar = Registrar(h.Time);
        await using var client = new SipRegistrationClient(h.Layer, Options(), h.Time);
        client.Start();
        SipRequest first = await SentRegisterAsync(h, 1);
        int sent = 1;
        if (challengeTwice)
        {
            h.Receive(Challenge(first, await registrar.AuthenticateAsync(null, "REGISTER")));
            first = await SentRegisterAsync(h, ++sent);
            h.Receive(Challenge(first, await registrar.AuthenticateAsync(null, "REGISTER")));
        }
        else
        {
            h.Receive(TransactionHarness.ResponseTo(first, status));
        }

        SipRegistrationStatus failed = await NextAsync(client, SipRegistrationState.Failed);
        Assert.Equal(status, failed.StatusCode);
        h.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(sent, RegisterCount(h));
        h.Advance(TimeSpan.FromSeconds(1));
        await SentRegisterAsync(h, sent + 1);
    }

    [Fact]
    public async Task Registers_over_loopback_udp_with_our_own_endpoint_as_the_authenticating_registrar()
    {
        var registrarTransport = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        await using var registrarLayer = new SipTransactionLayer([registrarTransport]);
        registrarLayer.Start();
        int registrarPort = registrarTransport.LocalEndPoint.Port;
        await using var registrar = new SipCallEndpoint(registrarLayer, new SipCallEndpointOptions
        {
            Contact = SipUri.Parse($"sip:registrar@127.0.0.1:{registrarPort}"),
            Authenticator = Registrar(TimeProvider.System),
        });
        registrar.Start();

        var clientTransport = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        await using var clientLayer = new SipTransactionLayer([clientTransport]);
        clientLayer.Start();
        await using var client = new SipRegistrationClient(clientLayer, Options() with
        {
            Registrar = SipUri.Parse($"sip:127.0.0.1:{registrarPort}"),
            Destination = new SipEndPoint(IPAddress.Loopback, registrarPort),
            Contact = SipUri.Parse($"sip:sb@127.0.0.1:{clientTransport.LocalEndPoint.Port}"),
            Expires = TimeSpan.FromSeconds(600),
        });
        client.Start();

        SipRegistrationStatus registered = await NextAsync(client, SipRegistrationState.Registered);
        Assert.Equal((200, TimeSpan.FromSeconds(600)), (registered.StatusCode, registered.Expires));
    }

    [Fact]
    public async Task Options_and_lifecycle_are_validated()
    {
        await using var h = new TransactionHarness();
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipRegistrationClient(h.Layer, Options() with { Expires = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipRegistrationClient(h.Layer, Options() with { RetryDelay = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new SipRegistrationClient(h.Layer, Options() with { Username = "a\r\nb" }));
        var client = new SipRegistrationClient(h.Layer, Options(), h.Time);
        client.Start();
        Assert.Throws<InvalidOperationException>(client.Start);
        await client.DisposeAsync();
        await client.DisposeAsync();
        Assert.Equal(SipRegistrationState.Unregistered, client.Status.State);
        Assert.Throws<ObjectDisposedException>(client.Start);
    }

    private static SipRegistrationOptions Options() => new()
    {
        Registrar = SipUri.Parse("sip:trunk.test"),
        Destination = TransactionHarness.Peer,
        AddressOfRecord = SipUri.Parse("sip:1001@trunk.test"),
        Contact = SipUri.Parse("sip:sb@192.0.2.1:5060"),
        Username = "1001",
        Password = "s3cret",
    };

    private static SipDigestAuthenticator Registrar(TimeProvider time) => new(
        new SipDigestAuthenticatorOptions { Realm = Realm, NonceSecret = new byte[32] },
        new InMemoryCredentialStore().Add("1001", Realm, SipCredential.FromPassword("s3cret")),
        time);

    private static SipResponse Challenge(SipRequest request, DigestAuthResult result)
    {
        SipResponse response = TransactionHarness.ResponseTo(request, 401);
        foreach (DigestChallenge c in result.Challenges)
        {
            response.Headers.Add(SipHeaderNames.WwwAuthenticate, c.ToString());
        }

        return response;
    }

    private static int RegisterCount(TransactionHarness h) => h.Transport.Sent.ToArray().Count(s => s?.Method == "REGISTER");

    /// <summary>Waits (real time, bounded) for the client's background loop to have sent the n-th REGISTER.</summary>
    private static async Task<SipRequest> SentRegisterAsync(TransactionHarness h, int nth)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            SentMessage[] sent = [.. h.Transport.Sent.ToArray().Where(s => s?.Method == "REGISTER")];
            if (sent.Length >= nth)
            {
                return (SipRequest)sent[nth - 1].Message;
            }

            await Task.Delay(5, guard.Token);
        }
    }

    private static async Task<SipRegistrationStatus> NextAsync(SipRegistrationClient client, SipRegistrationState state)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            SipRegistrationStatus status = await client.Changes.ReadAsync(guard.Token);
            if (status.State == state)
            {
                return status;
            }
        }
    }
}

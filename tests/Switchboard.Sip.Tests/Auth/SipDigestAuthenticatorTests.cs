using System.Net;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Sip.Auth;

namespace Switchboard.Sip.Tests.Auth;

public sealed class SipDigestAuthenticatorTests
{
    private const string Realm = "pbx.example.net";
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCredentialStore _store = new InMemoryCredentialStore()
        .Add("1001", Realm, SipCredential.FromPassword("correct horse"))
        .Add("1002", Realm, SipCredential.FromHa1(
            DigestCalculator.BaseHa1(DigestAlgorithm.Md5, "1002", Realm, "battery staple"),
            DigestCalculator.BaseHa1(DigestAlgorithm.Sha256, "1002", Realm, "battery staple")));

    private SipDigestAuthenticator NewAuthenticator(SipDigestAuthenticatorOptions? options = null) =>
        new(options ?? new SipDigestAuthenticatorOptions { Realm = Realm, NonceSecret = Secret }, _store, _time);

    private static string Answer(DigestAuthResult challenge, string user, string password, string method = "REGISTER", string uri = "sip:pbx.example.net") =>
        new SipDigestClient(user, password).Respond(challenge.Challenges, method, uri).ToString();

    [Fact]
    public void Challenges_offer_sha256_first_then_md5_with_qop_auth_and_opaque()
    {
        IReadOnlyList<DigestChallenge> challenges = NewAuthenticator().CreateChallenges();

        Assert.Equal([DigestAlgorithm.Sha256, DigestAlgorithm.Md5], challenges.Select(c => c.Algorithm!.Value));
        Assert.All(challenges, c =>
        {
            Assert.Equal(Realm, c.Realm);
            Assert.Equal(["auth"], c.Qop);
            Assert.False(c.Stale);
            Assert.False(string.IsNullOrEmpty(c.Opaque));
            Assert.Equal(48, c.Nonce.Length);
        });
        Assert.NotEqual(challenges[0].Nonce, NewAuthenticator().CreateChallenges()[0].Nonce);
    }

    [Fact]
    public async Task Missing_credentials_get_a_401_challenge()
    {
        DigestAuthResult result = await NewAuthenticator().AuthenticateAsync(null, "REGISTER");

        Assert.Equal(DigestAuthOutcome.Challenge, result.Outcome);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("WWW-Authenticate", result.ChallengeHeaderName);
        Assert.Equal(DigestFailureReason.MissingCredentials, result.FailureReason);
        Assert.Equal(2, result.Challenges.Count);
    }

    [Theory]
    [InlineData("1001", "correct horse", "REGISTER", "sip:pbx.example.net")]
    [InlineData("1002", "battery staple", "INVITE", "sip:+15551234567@pbx.example.net;user=phone")]
    public async Task Client_and_server_round_trip_with_sha256(string user, string password, string method, string uri)
    {
        SipDigestAuthenticator server = NewAuthenticator();
        DigestAuthResult challenge = await server.AuthenticateAsync(null, method);
        string authorization = Answer(challenge, user, password, method, uri);

        DigestAuthResult result = await server.AuthenticateAsync(authorization, method);

        Assert.Contains("algorithm=SHA-256", authorization, StringComparison.Ordinal);
        Assert.Equal(DigestAuthOutcome.Authenticated, result.Outcome);
        Assert.True(result.IsAllowed);
        Assert.Equal(user, result.Username);
        Assert.Equal(0, result.StatusCode);
    }

    [Fact]
    public async Task Md5_only_client_is_accepted_via_the_md5_challenge()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        DigestAuthResult challenge = await server.AuthenticateAsync(null, "REGISTER");
        DigestChallenge md5 = challenge.Challenges.Single(c => c.Algorithm == DigestAlgorithm.Md5);
        string authorization = new SipDigestClient("1002", "battery staple").Respond([md5], "REGISTER", "sip:pbx.example.net").ToString();

        DigestAuthResult result = await server.AuthenticateAsync(authorization, "REGISTER");

        Assert.Equal(DigestAuthOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task Method_is_bound_into_the_digest()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        string authorization = Answer(await server.AuthenticateAsync(null, "REGISTER"), "1001", "correct horse", "REGISTER");

        DigestAuthResult result = await server.AuthenticateAsync(authorization, "INVITE");

        Assert.Equal(DigestFailureReason.BadCredentials, result.FailureReason);
    }

    [Fact]
    public async Task Successive_requests_on_one_nonce_with_increasing_nc_are_accepted()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        DigestAuthResult challenge = await server.AuthenticateAsync(null, "REGISTER");
        var client = new SipDigestClient("1001", "correct horse");

        for (int i = 1; i <= 3; i++)
        {
            DigestCredentials credentials = client.Respond(challenge.Challenges, "REGISTER", "sip:pbx.example.net");
            Assert.Equal((uint)i, credentials.NonceCount);
            Assert.Equal(DigestAuthOutcome.Authenticated, (await server.AuthenticateAsync(credentials.ToString(), "REGISTER")).Outcome);
        }
    }

    [Fact]
    public async Task Replayed_nonce_count_is_rejected()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        string authorization = Answer(await server.AuthenticateAsync(null, "REGISTER"), "1001", "correct horse");

        DigestAuthResult first = await server.AuthenticateAsync(authorization, "REGISTER");
        DigestAuthResult replay = await server.AuthenticateAsync(authorization, "REGISTER");

        Assert.Equal(DigestAuthOutcome.Authenticated, first.Outcome);
        Assert.Equal(DigestAuthOutcome.Challenge, replay.Outcome);
        Assert.Equal(DigestFailureReason.Replay, replay.FailureReason);
        Assert.All(replay.Challenges, c => Assert.False(c.Stale));
    }

    [Fact]
    public async Task Expired_nonce_with_correct_password_gets_stale_true_and_the_retry_succeeds()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        DigestAuthResult challenge = await server.AuthenticateAsync(null, "REGISTER");
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        string late = Answer(challenge, "1001", "correct horse");

        DigestAuthResult stale = await server.AuthenticateAsync(late, "REGISTER");
        DigestAuthResult retry = await server.AuthenticateAsync(Answer(stale, "1001", "correct horse"), "REGISTER");

        Assert.Equal(DigestFailureReason.StaleNonce, stale.FailureReason);
        Assert.All(stale.Challenges, c => Assert.True(c.Stale));
        Assert.Equal(DigestAuthOutcome.Authenticated, retry.Outcome);
    }

    [Fact]
    public async Task Nonce_just_inside_its_lifetime_is_still_valid()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        DigestAuthResult challenge = await server.AuthenticateAsync(null, "REGISTER");
        _time.Advance(TimeSpan.FromMinutes(5));

        DigestAuthResult result = await server.AuthenticateAsync(Answer(challenge, "1001", "correct horse"), "REGISTER");

        Assert.Equal(DigestAuthOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task Expired_nonce_with_wrong_password_is_not_marked_stale()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        DigestAuthResult challenge = await server.AuthenticateAsync(null, "REGISTER");
        _time.Advance(TimeSpan.FromHours(1));

        DigestAuthResult result = await server.AuthenticateAsync(Answer(challenge, "1001", "wrong"), "REGISTER");

        Assert.Equal(DigestFailureReason.BadCredentials, result.FailureReason);
        Assert.All(result.Challenges, c => Assert.False(c.Stale));
    }

    [Fact]
    public async Task Unknown_user_and_wrong_password_are_indistinguishable()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        DigestAuthResult c1 = await server.AuthenticateAsync(null, "REGISTER");
        DigestAuthResult c2 = await server.AuthenticateAsync(null, "REGISTER");

        DigestAuthResult wrongPassword = await server.AuthenticateAsync(Answer(c1, "1001", "guess"), "REGISTER");
        DigestAuthResult unknownUser = await server.AuthenticateAsync(Answer(c2, "9999", "guess"), "REGISTER");

        Assert.Equal(
            (wrongPassword.Outcome, wrongPassword.FailureReason, wrongPassword.StatusCode, wrongPassword.ChallengeHeaderName),
            (unknownUser.Outcome, unknownUser.FailureReason, unknownUser.StatusCode, unknownUser.ChallengeHeaderName));
        Assert.Equal(DigestFailureReason.BadCredentials, unknownUser.FailureReason);
        // Same header shape: only the random nonce differs.
        Assert.Equal(
            wrongPassword.Challenges.Select(c => c.ToString().Replace(c.Nonce, "N", StringComparison.Ordinal)),
            unknownUser.Challenges.Select(c => c.ToString().Replace(c.Nonce, "N", StringComparison.Ordinal)));
        Assert.Equal(2, _store.Lookups);
    }

    [Fact]
    public async Task Forged_or_foreign_nonce_is_rejected_without_a_store_lookup()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        var other = new SipDigestAuthenticator(
            new SipDigestAuthenticatorOptions { Realm = Realm, NonceSecret = new byte[32] }, _store, _time);
        var forged = new DigestChallenge(Realm, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", DigestAlgorithm.Sha256, server.CreateChallenges()[0].Opaque, ["auth"]);

        DigestAuthResult foreign = await server.AuthenticateAsync(Answer(await other.AuthenticateAsync(null, "REGISTER"), "1001", "correct horse"), "REGISTER");
        string forgedAuth = new SipDigestClient("1001", "correct horse").Respond([forged], "REGISTER", "sip:pbx.example.net").ToString();
        DigestAuthResult forgedResult = await server.AuthenticateAsync(forgedAuth, "REGISTER");

        Assert.Equal(DigestFailureReason.NotOffered, foreign.FailureReason); // other secret => other opaque
        Assert.Equal(DigestFailureReason.InvalidNonce, forgedResult.FailureReason);
        Assert.Equal(0, _store.Lookups);
    }

    [Fact]
    public async Task Nonce_is_bound_to_the_realm()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        var otherRealm = new SipDigestAuthenticator(new SipDigestAuthenticatorOptions { Realm = "other", NonceSecret = Secret }, _store, _time);
        DigestChallenge borrowed = otherRealm.CreateChallenges()[0];
        var spliced = new DigestChallenge(Realm, borrowed.Nonce, DigestAlgorithm.Sha256, server.CreateChallenges()[0].Opaque, ["auth"]);

        DigestAuthResult result = await server.AuthenticateAsync(
            new SipDigestClient("1001", "correct horse").Respond([spliced], "REGISTER", "sip:x").ToString(), "REGISTER");

        Assert.Equal(DigestFailureReason.InvalidNonce, result.FailureReason);
    }

    [Theory]
    [InlineData("Digest username=\"1001\"")]
    [InlineData("Basic MTAwMTpwdw==")]
    [InlineData("Digest username=\"1001\", realm=\"pbx.example.net\", nonce=\"n\", uri=\"sip:x\", response=\"r\", qop=auth")]
    [InlineData("Digest username=\"1001\", realm=\"pbx.example.net\", nonce=\"n")]
    public async Task Malformed_credentials_get_400(string header)
    {
        DigestAuthResult result = await NewAuthenticator().AuthenticateAsync(header, "REGISTER");

        Assert.Equal(DigestAuthOutcome.BadRequest, result.Outcome);
        Assert.Equal(400, result.StatusCode);
        Assert.Empty(result.Challenges);
    }

    [Theory]
    [InlineData("realm=\"pbx.example.net\"", "realm=\"evil\"")]
    [InlineData("algorithm=SHA-256", "algorithm=SHA-512-256")]
    [InlineData("qop=auth", "qop=auth-int")]
    public async Task Credentials_for_something_we_did_not_offer_are_challenged_again(string from, string to)
    {
        SipDigestAuthenticator server = NewAuthenticator();
        string authorization = Answer(await server.AuthenticateAsync(null, "REGISTER"), "1001", "correct horse")
            .Replace(from, to, StringComparison.Ordinal);

        DigestAuthResult result = await server.AuthenticateAsync(authorization, "REGISTER");

        Assert.Equal(DigestFailureReason.NotOffered, result.FailureReason);
    }

    [Fact]
    public async Task Legacy_credentials_without_qop_are_not_accepted()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        DigestChallenge c = (await server.AuthenticateAsync(null, "REGISTER")).Challenges[0];
        var noQop = new DigestChallenge(c.Realm, c.Nonce, DigestAlgorithm.Sha256, c.Opaque);
        string authorization = new SipDigestClient("1001", "correct horse").Respond([noQop], "REGISTER", "sip:x").ToString();

        DigestAuthResult result = await server.AuthenticateAsync(authorization, "REGISTER");

        Assert.Equal(DigestAuthOutcome.Challenge, result.Outcome);
    }

    [Fact]
    public async Task Response_hex_is_compared_case_insensitively()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        DigestCredentials c = new SipDigestClient("1001", "correct horse").Respond((await server.AuthenticateAsync(null, "REGISTER")).Challenges, "REGISTER", "sip:x");
        var upper = new DigestCredentials(c.Username, c.Realm, c.Nonce, c.Uri, c.Response.ToUpperInvariant(), c.AlgorithmName, c.Qop, c.Cnonce, c.NonceCount, c.Opaque);

        Assert.Equal(DigestAuthOutcome.Authenticated, (await server.AuthenticateAsync(upper.ToString(), "REGISTER")).Outcome);
    }

    [Fact]
    public async Task Qop_and_nc_are_hashed_exactly_as_the_client_wrote_them()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        DigestChallenge challenge = (await server.AuthenticateAsync(null, "REGISTER")).Challenges[1];
        string ha1 = DigestCalculator.BaseHa1(DigestAlgorithm.Md5, "1001", Realm, "correct horse");
        string response = DigestCalculator.Response(DigestAlgorithm.Md5, ha1, challenge.Nonce, "REGISTER", "sip:x", "AUTH", "cn", "0000000A", default);
        string header = $"Digest username=\"1001\", realm=\"{Realm}\", nonce=\"{challenge.Nonce}\", uri=\"sip:x\", response=\"{response}\", "
            + $"algorithm=MD5, cnonce=\"cn\", opaque=\"{challenge.Opaque}\", qop=AUTH, nc=0000000A";

        DigestAuthResult result = await server.AuthenticateAsync(header, "REGISTER");

        Assert.Equal(DigestAuthOutcome.Authenticated, result.Outcome);
    }

    [Theory]
    [InlineData("203.0.113.7", true)]
    [InlineData("::ffff:203.0.113.200", true)]
    [InlineData("2001:db8:1::5", true)]
    [InlineData("203.0.114.1", false)]
    [InlineData("2001:db9::1", false)]
    public async Task Allow_listed_addresses_bypass_the_challenge(string address, bool trusted)
    {
        SipDigestAuthenticator server = NewAuthenticator(new SipDigestAuthenticatorOptions
        {
            Realm = Realm,
            NonceSecret = Secret,
            AllowList = new IpAllowList(["203.0.113.0/24", "2001:db8::/32"]),
        });

        DigestAuthResult result = await server.AuthenticateAsync(null, "INVITE", IPAddress.Parse(address));

        Assert.Equal(trusted ? DigestAuthOutcome.TrustedAddress : DigestAuthOutcome.Challenge, result.Outcome);
        Assert.Equal(trusted, result.IsAllowed);
    }

    [Fact]
    public async Task Proxy_mode_challenges_with_407_and_proxy_authenticate()
    {
        SipDigestAuthenticator server = NewAuthenticator(new SipDigestAuthenticatorOptions { Realm = Realm, NonceSecret = Secret, UseProxyAuthentication = true });

        DigestAuthResult result = await server.AuthenticateAsync(null, "INVITE");

        Assert.Equal(407, result.StatusCode);
        Assert.Equal("Proxy-Authenticate", result.ChallengeHeaderName);
    }

    [Fact]
    public async Task Configured_algorithms_limit_what_is_offered_and_accepted()
    {
        SipDigestAuthenticator server = NewAuthenticator(new SipDigestAuthenticatorOptions
        {
            Realm = Realm,
            NonceSecret = Secret,
            Algorithms = [DigestAlgorithm.Sha256Sess, DigestAlgorithm.Md5Sess],
        });

        DigestAuthResult challenge = await server.AuthenticateAsync(null, "REGISTER");
        DigestAuthResult result = await server.AuthenticateAsync(Answer(challenge, "1002", "battery staple"), "REGISTER");

        Assert.Equal(["SHA-256-sess", "MD5-sess"], challenge.Challenges.Select(c => c.AlgorithmName));
        Assert.Equal(DigestAuthOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task Evicted_nonce_history_forces_a_fresh_nonce_instead_of_allowing_replay()
    {
        SipDigestAuthenticator server = NewAuthenticator(new SipDigestAuthenticatorOptions { Realm = Realm, NonceSecret = Secret, MaxTrackedNonces = 16 });
        DigestAuthResult oldChallenge = await server.AuthenticateAsync(null, "REGISTER");
        string old = Answer(oldChallenge, "1001", "correct horse");
        Assert.Equal(DigestAuthOutcome.Authenticated, (await server.AuthenticateAsync(old, "REGISTER")).Outcome);

        for (int i = 0; i < 16; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            string fresh = Answer(await server.AuthenticateAsync(null, "REGISTER"), "1001", "correct horse");
            Assert.Equal(DigestAuthOutcome.Authenticated, (await server.AuthenticateAsync(fresh, "REGISTER")).Outcome);
        }

        DigestAuthResult replay = await server.AuthenticateAsync(old, "REGISTER");

        Assert.Equal(DigestFailureReason.StaleNonce, replay.FailureReason);
    }

    [Fact]
    public async Task Concurrent_requests_on_one_instance_are_all_decided_correctly()
    {
        SipDigestAuthenticator server = NewAuthenticator();
        IReadOnlyList<DigestChallenge> challenges = server.CreateChallenges();
        var client = new SipDigestClient("1001", "correct horse");
        string[] headers = [.. Enumerable.Range(0, 200).Select(_ => client.Respond(challenges, "REGISTER", "sip:x").ToString())];

        DigestAuthResult[] results = await Task.WhenAll(headers.Concat(headers).Select(h => Task.Run(async () => await server.AuthenticateAsync(h, "REGISTER"))));

        // nc must strictly increase, so requests overtaken by a higher nc are refused as replays; what matters
        // under contention is that no nc is ever accepted twice and nothing else goes wrong.
        for (int i = 0; i < headers.Length; i++)
        {
            Assert.True(
                (results[i].Outcome == DigestAuthOutcome.Authenticated ? 1 : 0)
                + (results[i + headers.Length].Outcome == DigestAuthOutcome.Authenticated ? 1 : 0) <= 1,
                $"nc {i + 1} was accepted twice");
        }

        Assert.Contains(results, r => r.Outcome == DigestAuthOutcome.Authenticated);
        Assert.All(results, r => Assert.True(r.IsAllowed || r.FailureReason == DigestFailureReason.Replay, r.FailureReason.ToString()));
    }

    [Fact]
    public async Task Constructor_and_arguments_are_validated()
    {
        Assert.Throws<ArgumentNullException>(() => new SipDigestAuthenticator(null!, _store, _time));
        Assert.Throws<ArgumentNullException>(() => new SipDigestAuthenticator(new SipDigestAuthenticatorOptions { NonceSecret = Secret }, null!, _time));
        Assert.Throws<ArgumentNullException>(() => new SipDigestAuthenticator(new SipDigestAuthenticatorOptions { NonceSecret = Secret }, _store, null!));
        Assert.Throws<ArgumentException>(() => NewAuthenticator(new SipDigestAuthenticatorOptions { NonceSecret = new byte[8] }));
        Assert.Throws<ArgumentException>(() => NewAuthenticator(new SipDigestAuthenticatorOptions { NonceSecret = Secret, Realm = "" }));
        Assert.Throws<ArgumentException>(() => NewAuthenticator(new SipDigestAuthenticatorOptions { NonceSecret = Secret, NonceLifetime = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => NewAuthenticator(new SipDigestAuthenticatorOptions { NonceSecret = Secret, Algorithms = [] }));
        Assert.Throws<ArgumentException>(() => NewAuthenticator(new SipDigestAuthenticatorOptions { NonceSecret = Secret, Algorithms = [DigestAlgorithm.Md5, DigestAlgorithm.Md5] }));
        Assert.Throws<ArgumentException>(() => NewAuthenticator(new SipDigestAuthenticatorOptions { NonceSecret = Secret, MaxTrackedNonces = 1 }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await NewAuthenticator().AuthenticateAsync(null, ""));
    }
}

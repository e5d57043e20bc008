using Switchboard.Sip.Auth;

namespace Switchboard.Sip.Tests.Auth;

public sealed class SipDigestClientTests
{
    [Fact]
    public void Chooses_the_strongest_algorithm_regardless_of_order()
    {
        string header = "Digest realm=\"r\", nonce=\"n1\", algorithm=MD5, qop=\"auth\", "
            + "Digest realm=\"r\", nonce=\"n1\", algorithm=SHA-512-256, qop=\"auth\", "
            + "Digest realm=\"r\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\"";

        DigestCredentials c = new SipDigestClient("u", "p").Respond([header], "REGISTER", "sip:r");

        Assert.Equal(DigestAlgorithm.Sha256, c.Algorithm);
        Assert.Equal(64, c.Response.Length);
    }

    [Fact]
    public void Nonce_count_increments_per_nonce_and_restarts_for_a_new_nonce()
    {
        var client = new SipDigestClient("u", "p");
        var first = new DigestChallenge("r", "n1", DigestAlgorithm.Md5, qop: ["auth"]);
        var second = new DigestChallenge("r", "n2", DigestAlgorithm.Md5, qop: ["auth"]);

        uint?[] counts =
        [
            client.Respond([first], "REGISTER", "sip:r").NonceCount,
            client.Respond([first], "REGISTER", "sip:r").NonceCount,
            client.Respond([second], "INVITE", "sip:x@r").NonceCount,
            client.Respond([first], "REGISTER", "sip:r").NonceCount,
        ];

        Assert.Equal([1u, 2u, 1u, 3u], counts);
    }

    [Fact]
    public void Cnonce_is_random_per_request()
    {
        var client = new SipDigestClient("u", "p");
        var challenge = new DigestChallenge("r", "n1", DigestAlgorithm.Sha256, qop: ["auth"]);

        string? a = client.Respond([challenge], "REGISTER", "sip:r").Cnonce;
        string? b = client.Respond([challenge], "REGISTER", "sip:r").Cnonce;

        Assert.Equal(32, a!.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Prefers_auth_over_auth_int_and_uses_auth_int_when_it_is_the_only_choice()
    {
        var client = new SipDigestClient("u", "p");

        DigestCredentials both = client.Respond([new DigestChallenge("r", "n", qop: ["auth-int", "auth"])], "INVITE", "sip:r");
        DigestCredentials intOnly = client.Respond([new DigestChallenge("r", "n", qop: ["auth-int"])], "INVITE", "sip:r", "v=0\r\n"u8);

        Assert.Equal("auth", both.Qop);
        Assert.Equal("auth-int", intOnly.Qop);
    }

    [Fact]
    public void Echoes_opaque_and_realm()
    {
        DigestCredentials c = new SipDigestClient("u", "p").Respond(
            [new DigestChallenge("sip.example.com", "n", DigestAlgorithm.Md5, "opaque-1", ["auth"])], "REGISTER", "sip:sip.example.com");

        Assert.Equal(("sip.example.com", "opaque-1"), (c.Realm, c.Opaque));
    }

    [Fact]
    public void Unusable_challenges_and_bad_arguments_throw()
    {
        var client = new SipDigestClient("u", "p");

        Assert.Throws<ArgumentException>(() => client.Respond(["Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"], "REGISTER", "sip:r"));
        Assert.Throws<ArgumentException>(() => client.Respond(["Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\""], "REGISTER", "sip:r"));
        Assert.Throws<ArgumentException>(() => client.Respond(["Basic realm=\"r\""], "REGISTER", "sip:r"));
        Assert.Throws<DigestParseException>(() => client.Respond(["Digest realm="], "REGISTER", "sip:r"));
        Assert.Throws<ArgumentException>(() => client.Respond([new DigestChallenge("r", "n")], "", "sip:r"));
        Assert.Throws<ArgumentException>(() => client.Respond([new DigestChallenge("r", "n")], "REGISTER", "sip:r\r\nX: y"));
        Assert.Throws<ArgumentException>(() => new SipDigestClient("", "p"));
        Assert.Throws<ArgumentNullException>(() => new SipDigestClient("u", null!));
    }
}

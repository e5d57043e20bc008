using System.Text;
using Switchboard.Sip.Auth;

namespace Switchboard.Sip.Tests.Auth;

/// <summary>Published vectors (RFC 2617 §3.5, RFC 7616 §3.9.1) and SIP vectors computed independently (Python hashlib).</summary>
public sealed class DigestVectorTests
{
    private const string Rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private const string Rfc7616Opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    [Fact]
    public void Rfc2617_section_3_5_example()
    {
        var challenge = DigestChallenge.Parse("""
            Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"
            """);
        var client = new SipDigestClient("Mufasa", "Circle Of Life");

        DigestCredentials credentials = client.Build(challenge, DigestAlgorithm.Md5, "auth", "0a4f113b", 1, "GET", "/dir/index.html", default);

        Assert.Equal("6629fae49393a05397450978507c4ef1", credentials.Response);
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", credentials.Opaque);
    }

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Rfc7616_section_3_9_1_examples(string algorithm, string expected)
    {
        var challenge = DigestChallenge.Parse(
            $"""Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm={algorithm}, nonce="{Rfc7616Nonce}", opaque="{Rfc7616Opaque}" """);
        var client = new SipDigestClient("Mufasa", "Circle of Life");

        DigestCredentials credentials = client.Build(challenge, challenge.Algorithm!.Value, "auth", Rfc7616Cnonce, 1, "GET", "/dir/index.html", default);

        Assert.Equal(expected, credentials.Response);
        Assert.Equal(["auth", "auth-int"], challenge.Qop);
    }

    [Fact]
    public void Rfc7616_authorization_header_parses_and_its_response_recomputes()
    {
        string header = $"""
            Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="{Rfc7616Nonce}", nc=00000001, cnonce="{Rfc7616Cnonce}", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="{Rfc7616Opaque}"
            """;

        DigestCredentials parsed = DigestCredentials.Parse(header);

        Assert.Equal(DigestAlgorithm.Sha256, parsed.Algorithm);
        Assert.Equal(1u, parsed.NonceCount);
        string ha1 = DigestCalculator.BaseHa1(DigestAlgorithm.Sha256, parsed.Username, parsed.Realm, "Circle of Life");
        string response = DigestCalculator.Response(DigestAlgorithm.Sha256, ha1, parsed.Nonce, "GET", parsed.Uri, parsed.Qop, parsed.Cnonce, "00000001", default);
        Assert.Equal(parsed.Response, response);
    }

    [Fact]
    public void Sip_register_md5_with_qop_auth()
    {
        var challenge = new DigestChallenge("example.com", "ea9c8e88df84f1cec4341ae6cbe5a359", DigestAlgorithm.Md5, qop: ["auth"]);

        DigestCredentials c = new SipDigestClient("alice", "s3cr3t").Build(challenge, DigestAlgorithm.Md5, "auth", "0a4f113b", 1, "REGISTER", "sip:example.com", default);

        Assert.Equal("caaf81ed58d6e1355446bc79e7c532ba", c.Response);
        Assert.Equal(
            "Digest username=\"alice\", realm=\"example.com\", nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", uri=\"sip:example.com\", response=\"caaf81ed58d6e1355446bc79e7c532ba\", algorithm=MD5, cnonce=\"0a4f113b\", qop=auth, nc=00000001",
            c.ToString());
    }

    [Fact]
    public void Sip_invite_sha256_with_phone_uri_and_nc_2()
    {
        var challenge = new DigestChallenge("pbx.example.net", "b1a2c3d4", DigestAlgorithm.Sha256, qop: ["auth"]);

        DigestCredentials c = new SipDigestClient("1001", "Tr0ub4dor").Build(
            challenge, DigestAlgorithm.Sha256, "auth", "c0ffee", 2, "INVITE", "sip:+15551234567@pbx.example.net;user=phone", default);

        Assert.Equal("f35c19ee87cfdda176277c4d3dc9a9011c4fe9bd13167e93eded0d008debf7c0", c.Response);
    }

    [Fact]
    public void Sip_invite_rfc2069_style_without_qop()
    {
        var challenge = DigestChallenge.Parse("Digest realm=\"biloxi.com\", nonce=\"84f1c1ae6cbe5ua9c8e88dfa3ecm3459\"");

        DigestCredentials c = new SipDigestClient("bob", "zanzibar").Respond([challenge], "INVITE", "sip:bob@biloxi.com");

        Assert.Equal("cf7fb42a82fe6be729c06aae8144dec8", c.Response);
        Assert.Null(c.Qop);
        Assert.Null(c.NonceCount);
        Assert.Null(c.Cnonce);
    }

    [Fact]
    public void Md5_sess_hashes_nonce_and_cnonce_into_ha1()
    {
        var challenge = new DigestChallenge("example.com", "nonce123", DigestAlgorithm.Md5Sess, qop: ["auth"]);

        DigestCredentials c = new SipDigestClient("alice", "s3cr3t").Build(challenge, DigestAlgorithm.Md5Sess, "auth", "cn456", 1, "REGISTER", "sip:example.com", default);

        Assert.Equal("b01968d3d8c83957ea2471a2bb548d75", c.Response);
        Assert.Equal("MD5-sess", c.AlgorithmName);
    }

    [Fact]
    public void Auth_int_hashes_the_body()
    {
        var challenge = new DigestChallenge("example.com", "n1", DigestAlgorithm.Sha256, qop: ["auth-int"]);

        DigestCredentials c = new SipDigestClient("alice", "s3cr3t").Build(
            challenge, DigestAlgorithm.Sha256, "auth-int", "c1", 1, "INVITE", "sip:bob@example.com", Encoding.ASCII.GetBytes("v=0\r\n"));

        Assert.Equal("7e995bff70ea1bd7463feed750a7275b765a116698d2861f5b12e4c175fbbbdb", c.Response);
    }
}

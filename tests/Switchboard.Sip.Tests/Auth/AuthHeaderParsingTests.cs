using Switchboard.Sip.Auth;

namespace Switchboard.Sip.Tests.Auth;

public sealed class AuthHeaderParsingTests
{
    [Fact]
    public void Parses_quoted_strings_with_escapes_tokens_and_case_insensitive_names()
    {
        DigestChallenge c = DigestChallenge.Parse(
            "digest REALM=\"say \\\"hi\\\" \\\\ there\" ,  Nonce = abc123 ,ALGORITHM=sha-256,qop=\"auth\",stale=TRUE, unknown=x");

        Assert.Equal("say \"hi\" \\ there", c.Realm);
        Assert.Equal("abc123", c.Nonce);
        Assert.Equal(DigestAlgorithm.Sha256, c.Algorithm);
        Assert.True(c.Stale);
        Assert.Equal(["auth"], c.Qop);
    }

    [Fact]
    public void Formatting_escapes_and_round_trips()
    {
        var c = new DigestChallenge("a \"quoted\" \\ realm", "n", DigestAlgorithm.Sha256, "op", ["auth"], stale: true);

        string text = c.ToString();
        DigestChallenge back = DigestChallenge.Parse(text);

        Assert.Equal("Digest realm=\"a \\\"quoted\\\" \\\\ realm\", nonce=\"n\", opaque=\"op\", stale=true, algorithm=SHA-256, qop=\"auth\"", text);
        Assert.Equal((c.Realm, c.Nonce, c.Opaque, c.Stale, c.Algorithm), (back.Realm, back.Nonce, back.Opaque, back.Stale, back.Algorithm));
    }

    [Fact]
    public void Several_challenges_in_one_value_and_other_schemes_are_skipped()
    {
        IReadOnlyList<DigestChallenge> all = DigestChallenge.ParseAll(
            "Basic realm=\"legacy\", Digest realm=\"x\", nonce=\"1\", algorithm=SHA-256, Bearer dG9rZW4=, Digest realm=\"x\", nonce=\"1\", algorithm=MD5");

        Assert.Equal([DigestAlgorithm.Sha256, DigestAlgorithm.Md5], all.Select(c => c.Algorithm!.Value));
    }

    [Fact]
    public void Missing_algorithm_means_md5_and_unknown_algorithm_is_kept_by_name()
    {
        IReadOnlyList<DigestChallenge> all = DigestChallenge.ParseAll(
            "Digest realm=\"x\", nonce=\"1\", Digest realm=\"x\", nonce=\"2\", algorithm=SHA-512-256");

        Assert.Equal(DigestAlgorithm.Md5, all[0].Algorithm);
        Assert.Null(all[1].Algorithm);
        Assert.Equal("SHA-512-256", all[1].AlgorithmName);
    }

    [Fact]
    public void Credentials_round_trip_through_the_header_value()
    {
        var c = new DigestCredentials("1001", "pbx", "nonce", "sip:pbx;transport=tcp", "abcdef", "SHA-256", "auth", "cn", 0x1a, "op");

        DigestCredentials back = DigestCredentials.Parse(c.ToString());

        Assert.Contains("nc=0000001a", c.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            (c.Username, c.Realm, c.Nonce, c.Uri, c.Response, c.Algorithm, c.Qop, c.Cnonce, c.NonceCount, c.Opaque),
            (back.Username, back.Realm, back.Nonce, back.Uri, back.Response, back.Algorithm, back.Qop, back.Cnonce, back.NonceCount, back.Opaque));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ,  ", "empty")]
    [InlineData("Digest realm=\"x", "unterminated")]
    [InlineData("Digest realm=\"x\", nonce=", "no value")]
    [InlineData("Digest realm=\"x\" nonce=\"y\"", "expected ','")]
    [InlineData("Digest realm=\"x\", realm=\"y\", nonce=\"n\"", "twice")]
    [InlineData("Digest =x", "parameter name")]
    [InlineData("\"Digest\" realm=x", "authentication scheme")]
    [InlineData("Digest realm=\"x\", nonce=\"n\", @=1", "parameter name")]
    [InlineData("Digest nonce=\"n\"", "without realm")]
    [InlineData("Digest realm=\"x\"", "without nonce")]
    [InlineData("Digest realm=\"a\r\nb\", nonce=\"n\"", "control character")]
    [InlineData("Digest abc==", "token68")]
    public void Malformed_challenges_throw_DigestParseException(string value, string reason)
    {
        DigestParseException ex = Assert.Throws<DigestParseException>(() => DigestChallenge.ParseAll(value));

        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "not Digest")]
    [InlineData("Digest realm=\"x\", nonce=\"n\", uri=\"sip:x\", response=\"r\"", "missing 'username'")]
    [InlineData("Digest username=\"u\", nonce=\"n\", uri=\"sip:x\", response=\"r\"", "missing 'realm'")]
    [InlineData("Digest username=\"u\", realm=\"x\", nonce=\"n\", uri=\"sip:x\", response=\"r\", qop=auth, nc=00000001", "cnonce")]
    [InlineData("Digest username=\"u\", realm=\"x\", nonce=\"n\", uri=\"sip:x\", response=\"r\", qop=auth, cnonce=\"c\", nc=1", "8 hex")]
    [InlineData("Digest username=\"u\", realm=\"x\", nonce=\"n\", uri=\"sip:x\", response=\"r\", qop=auth, cnonce=\"c\", nc=0000000g", "8 hex")]
    [InlineData("Digest username=\"u\", realm=\"x\", nonce=\"n\", uri=\"sip:x\", response=\"r\", Digest username=\"v\"", "one set")]
    public void Malformed_credentials_throw_DigestParseException(string value, string reason)
    {
        DigestParseException ex = Assert.Throws<DigestParseException>(() => DigestCredentials.Parse(value));

        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_value_is_rejected()
    {
        string value = "Digest realm=\"" + new string('x', 9000) + "\", nonce=\"n\"";

        Assert.Throws<DigestParseException>(() => DigestChallenge.ParseAll(value));
    }

    [Fact]
    public void Too_many_parameters_are_rejected()
    {
        string value = "Digest realm=\"x\", nonce=\"n\"" + string.Concat(Enumerable.Range(0, 70).Select(i => $", p{i}=1"));

        DigestParseException ex = Assert.Throws<DigestParseException>(() => DigestChallenge.ParseAll(value));

        Assert.Contains("parameters", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_values_are_argument_errors()
    {
        Assert.Throws<ArgumentNullException>(() => DigestChallenge.ParseAll(null!));
        Assert.Throws<ArgumentNullException>(() => DigestCredentials.Parse(null!));
        Assert.Throws<ArgumentException>(() => new DigestChallenge("realm\r\nX: y", "n"));
    }

    [Fact]
    public void Random_garbage_only_ever_raises_DigestParseException()
    {
        var random = new Random(7616);
        const string alphabet = "Digest realm=\"\\, \tnonce=abc\r\n\0é=,\"";
        for (int i = 0; i < 5_000; i++)
        {
            char[] chars = new char[random.Next(1, 60)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            string value = new(chars);
            try
            {
                _ = DigestChallenge.ParseAll(value);
            }
            catch (DigestParseException)
            {
            }

            try
            {
                _ = DigestCredentials.Parse(value);
            }
            catch (DigestParseException)
            {
            }
        }
    }
}

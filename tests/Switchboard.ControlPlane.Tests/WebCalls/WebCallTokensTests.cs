using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.WebCalls;

namespace Switchboard.ControlPlane.Tests.WebCalls;

public sealed class WebCallTokensTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private WebCallTokens Tokens(byte[]? key = null, int lifetime = 300) =>
        new(key ?? Key, Options.Create(new WebCallOptions { WebTokenLifetimeSeconds = lifetime }), _time);

    [Fact]
    public async Task A_token_names_its_call_and_organization_and_opens_the_stream_once()
    {
        var tokens = Tokens();
        var issued = tokens.Issue("call_1", "org_1");
        Assert.Equal(_time.GetUtcNow().AddSeconds(300), issued.ExpiresAt);

        var payload = Payload(issued.AccessToken);
        Assert.Equal("call_1", payload.GetProperty("sub").GetString());
        Assert.Equal("org_1", payload.GetProperty("org").GetString());
        Assert.Equal(issued.ExpiresAt.ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());
        Assert.False(string.IsNullOrEmpty(payload.GetProperty("jti").GetString()));
        Assert.Equal("HS256", Header(issued.AccessToken).GetProperty("alg").GetString());

        var check = await tokens.CheckAsync(issued.AccessToken, "call_1");
        Assert.True(check.IsValid, check.Error);
        Assert.Equal("org_1", check.OrganizationId);
        Assert.True(await tokens.CheckAsync(issued.AccessToken, "call_1") is { IsValid: true }, "checking alone must not use the token up");
        Assert.True(tokens.TryConsume(check));
        Assert.False(tokens.TryConsume(check));
        var again = await tokens.CheckAsync(issued.AccessToken, "call_1");
        Assert.Equal(WebCallTokens.UsedMessage, again.Error);
    }

    [Fact]
    public async Task Tokens_for_another_call_expired_tampered_or_signed_elsewhere_are_refused()
    {
        var tokens = Tokens(lifetime: 60);
        var issued = tokens.Issue("call_1", "org_1");
        Assert.Contains("another call", (await tokens.CheckAsync(issued.AccessToken, "call_2")).Error);
        Assert.Contains("required", (await tokens.CheckAsync(null, "call_1")).Error);
        Assert.Contains("not valid", (await tokens.CheckAsync("not-a-jwt", "call_1")).Error);

        var parts = issued.AccessToken.Split('.');
        var forged = Base64Url(Encoding.UTF8.GetBytes("""{"sub":"call_1","org":"org_2","jti":"x","exp":9999999999}"""));
        Assert.Contains("not valid", (await tokens.CheckAsync($"{parts[0]}.{forged}.{parts[2]}", "call_1")).Error);
        var foreign = Tokens(Encoding.UTF8.GetBytes("another-key-another-key-another-key!")).Issue("call_1", "org_1");
        Assert.Contains("not valid", (await tokens.CheckAsync(foreign.AccessToken, "call_1")).Error);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.True((await tokens.CheckAsync(issued.AccessToken, "call_1")).IsValid);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("expired", (await tokens.CheckAsync(issued.AccessToken, "call_1")).Error);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentException>(() => Tokens(new byte[16]));
        var tokens = Tokens();
        Assert.Throws<ArgumentException>(() => tokens.Issue("", "org_1"));
        Assert.Throws<ArgumentException>(() => tokens.Issue("call_1", ""));
        Assert.Throws<ArgumentException>(() => tokens.TryConsume(WebCallTokenCheck.Refused("no")));
    }

    private static JsonElement Payload(string token) => Decode(token.Split('.')[1]);

    private static JsonElement Header(string token) => Decode(token.Split('.')[0]);

    private static JsonElement Decode(string part)
    {
        var padded = part.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        using var document = JsonDocument.Parse(Convert.FromBase64String(padded));
        return document.RootElement.Clone();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Telephony.Twilio;

namespace Switchboard.ControlPlane.Tests.Telephony.Twilio;

public sealed class StreamTokenSignerTests
{
    private static readonly byte[] Pepper = "test-pepper-0123456789abcdef0123456789abcdef"u8.ToArray();

    private static StreamTokenClaims Claims(DateTimeOffset expires) => new("org_1", "agent_1", 3, "+15550100", "+15550001", "CA1", "ivr_1",
        new Dictionary<string, string> { ["customer"] = "Ada" }, """{"crm":"42"}""", expires);

    [Fact]
    public void A_token_round_trips_its_claims_until_it_expires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var signer = new StreamTokenSigner(Pepper, time);
        var token = signer.Create(Claims(time.GetUtcNow().AddMinutes(2)));

        var claims = signer.Validate(token);
        Assert.NotNull(claims);
        Assert.Equal("org_1", claims.OrganizationId);
        Assert.Equal("agent_1", claims.AgentId);
        Assert.Equal(3, claims.AgentVersion);
        Assert.Equal("+15550100", claims.Number);
        Assert.Equal("+15550001", claims.From);
        Assert.Equal("CA1", claims.CallSid);
        Assert.Equal("ivr_1", claims.IvrMenuId);
        Assert.Equal("Ada", claims.DynamicVariables["customer"]);
        Assert.Equal("""{"crm":"42"}""", claims.Metadata);

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(signer.Validate(token));
    }

    [Fact]
    public void Tampered_foreign_and_malformed_tokens_are_refused()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var signer = new StreamTokenSigner(Pepper, time);
        var token = signer.Create(Claims(time.GetUtcNow().AddMinutes(2)));
        var dot = token.IndexOf('.', StringComparison.Ordinal);

        var other = new StreamTokenSigner("another-pepper-0123456789abcdef0123456789ab"u8.ToArray(), time);
        Assert.Null(other.Validate(token));
        var forged = other.Create(Claims(time.GetUtcNow().AddMinutes(2)) with { OrganizationId = "org_victim" });
        Assert.Null(signer.Validate(forged));
        // Someone else's payload under our signature.
        Assert.Null(signer.Validate(forged[..forged.IndexOf('.', StringComparison.Ordinal)] + token[dot..]));
        foreach (var bad in new[] { null, "", ".", "abc", "abc.", ".abc", "!!!.???", token + "x", token.Replace('.', '_') })
            Assert.Null(signer.Validate(bad));
    }
}

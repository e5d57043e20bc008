using System.Text.Json.Nodes;
using Switchboard.ControlPlane.Functions;

namespace Switchboard.ControlPlane.Tests.Functions;

public sealed class SensitiveDataMaskerTests
{
    [Fact]
    public void Masks_pii_fields_at_any_depth_and_secret_named_fields()
    {
        var input = JsonNode.Parse("""
            {"Phone":"+14155550123","name":"Ada","password":"hunter2","api_key":"abc","Authorization":"x",
             "contact":{"phone":"+441234","email":"ada@example.com"},"list":[{"phone":"1"},{"ok":true}],"count":3}
            """);
        var masked = SensitiveDataMasker.Apply(input, ["phone", "email"])!;
        Assert.Equal(SensitiveDataMasker.Mask, (string?)masked["Phone"]);
        Assert.Equal(SensitiveDataMasker.Mask, (string?)masked["contact"]!["phone"]);
        Assert.Equal(SensitiveDataMasker.Mask, (string?)masked["contact"]!["email"]);
        Assert.Equal(SensitiveDataMasker.Mask, (string?)masked["list"]![0]!["phone"]);
        Assert.Equal(SensitiveDataMasker.Mask, (string?)masked["password"]);
        Assert.Equal(SensitiveDataMasker.Mask, (string?)masked["api_key"]);
        Assert.Equal(SensitiveDataMasker.Mask, (string?)masked["Authorization"]);
        Assert.Equal("Ada", (string?)masked["name"]);
        Assert.Equal(3, (int)masked["count"]!);
        Assert.True((bool)masked["list"]![1]!["ok"]!);
        Assert.Equal("+14155550123", (string?)input!["Phone"]); // the input is not changed
    }

    [Theory]
    [InlineData("use sk-proj-abcdefghijklmnopqrstuvwx please", "sk-proj-abcdefghijklmnopqrstuvwx")]
    [InlineData("header Bearer abcdefghijklmnop123", "abcdefghijklmnop123")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl", "eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("key sb_live_7GqXw0bN3vYp9LmQ2rT8sKd1FhJc5ZxA4e0Ek2Zt", "sb_live_7GqX")]
    [InlineData("aws AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("card 4111 1111 1111 1111 exp", "4111 1111 1111 1111")]
    [InlineData("card 4111-1111-1111-1111", "4111-1111-1111-1111")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_MfKQ")]
    public void Masks_secret_looking_values_inside_text(string text, string secret)
    {
        var masked = (string?)SensitiveDataMasker.Apply(new JsonObject { ["note"] = text }, [])!["note"];
        Assert.DoesNotContain(secret, masked, StringComparison.Ordinal);
        Assert.Contains(SensitiveDataMasker.Mask, masked, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("order 1234567890123 shipped")] // 13 digits that fail the Luhn check
    [InlineData("call +1 415 555 0123")]
    [InlineData("the skeleton key")]
    public void Leaves_ordinary_text_alone(string text) =>
        Assert.Equal(text, (string?)SensitiveDataMasker.Apply(new JsonObject { ["note"] = text }, [])!["note"]);
}

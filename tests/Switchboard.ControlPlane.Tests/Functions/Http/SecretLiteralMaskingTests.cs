using System.Text.Json.Nodes;
using Switchboard.ControlPlane.Functions;

namespace Switchboard.ControlPlane.Tests.Functions.Http;

/// <summary>Resolved secret values are masked wherever a server echoed them: values, keys, URL-encoded forms.</summary>
public sealed class SecretLiteralMaskingTests
{
    [Fact]
    public void Masks_raw_and_percent_encoded_forms_in_values_and_keys()
    {
        string[] secrets = ["p@ss word/42", "tok-1234"];
        var input = JsonNode.Parse("""
            {"echo":"Bearer tok-1234","url":"https://x.example/?k=p%40ss%20word%2F42","nested":[{"tok-1234":"as a key"}],"n":5,"ok":true}
            """);
        var masked = SensitiveDataMasker.MaskLiterals(input, secrets)!;
        Assert.Equal("Bearer [masked]", (string?)masked["echo"]);
        Assert.Equal("https://x.example/?k=[masked]", (string?)masked["url"]);
        Assert.Equal("as a key", (string?)masked["nested"]![0]!["[masked]"]);
        Assert.Equal(5, (int)masked["n"]!);
        Assert.DoesNotContain("tok-1234", masked.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("tok-1234", input!.ToJsonString(), StringComparison.Ordinal); // the input is not changed
    }

    [Fact]
    public void A_secret_containing_another_is_masked_whole_and_very_short_values_are_left_alone()
    {
        Assert.Equal("a [masked] b", SensitiveDataMasker.MaskLiterals("a abcdef-long b", ["abcd", "abcdef-long"]));
        Assert.Equal("abc and abc", SensitiveDataMasker.MaskLiterals("abc and abc", ["abc"]));
        Assert.Equal("nothing", SensitiveDataMasker.MaskLiterals("nothing", []));
        Assert.Null(SensitiveDataMasker.MaskLiterals((JsonNode?)null, ["abcd"]));
    }

    [Fact]
    public void Keys_that_mask_to_the_same_text_keep_both_values()
    {
        var masked = SensitiveDataMasker.MaskLiterals(JsonNode.Parse("""{"x-secret1":"one","x-[masked]":"two"}"""), ["secret1"])!;
        Assert.Equal(2, masked.AsObject().Count);
        Assert.Contains("one", masked.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("two", masked.ToJsonString(), StringComparison.Ordinal);
    }
}

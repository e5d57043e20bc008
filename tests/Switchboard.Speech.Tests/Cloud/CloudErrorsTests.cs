using Switchboard.Speech.Cloud;

namespace Switchboard.Speech.Tests.Cloud;

public sealed class CloudErrorsTests
{
    [Theory]
    [InlineData("""{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error"}}""", "Incorrect API key provided.")]
    [InlineData("""{"detail":{"status":"invalid_api_key","message":"Invalid API key"}}""", "Invalid API key")]
    [InlineData("""{"detail":"Not found"}""", "Not found")]
    [InlineData("""{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.","request_id":"r"}""", "Invalid credentials.")]
    [InlineData("""{"error":"quota_exceeded","message":"Quota exceeded."}""", "quota_exceeded: Quota exceeded.")]
    [InlineData("upstream connect error", "upstream connect error")]
    [InlineData("""{"unexpected":true}""", """{"unexpected":true}""")]
    public void Extracts_the_vendor_message(string body, string expected) =>
        Assert.Equal(expected, CloudErrors.ExtractMessage(body));

    [Fact]
    public void An_empty_body_has_no_message_and_a_huge_one_is_shortened()
    {
        Assert.Null(CloudErrors.ExtractMessage("  "));
        Assert.Equal(2000, CloudErrors.ExtractMessage(new string('x', 10000))!.Length);
    }
}

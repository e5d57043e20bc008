using Microsoft.Extensions.Primitives;
using Switchboard.ControlPlane.Telephony.Twilio;

namespace Switchboard.ControlPlane.Tests.Telephony.Twilio;

public sealed class TwilioSignatureTests
{
    // The worked example from Twilio's request-validation documentation (auth token 12345).
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static readonly Dictionary<string, StringValues> Form = new()
    {
        ["CallSid"] = "CA1234567890ABCDE",
        ["Caller"] = "+14158675309",
        ["Digits"] = "1234",
        ["From"] = "+14158675309",
        ["To"] = "+18005551212",
    };

    [Fact]
    public void The_documented_example_signs_to_the_documented_value()
    {
        Assert.Equal("RSOYDt4T1cUTdK1PDd93/VVr8B8=", TwilioSignature.Compute("12345", Url, Form));
        Assert.True(TwilioSignature.IsValid("12345", Url, Form, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    }

    [Fact]
    public void Any_change_to_token_url_body_or_signature_fails()
    {
        Assert.False(TwilioSignature.IsValid("12346", Url, Form, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        Assert.False(TwilioSignature.IsValid("12345", Url.Replace("foo=1", "foo=2", StringComparison.Ordinal), Form, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        var changed = new Dictionary<string, StringValues>(Form) { ["To"] = "+18005551213" };
        Assert.False(TwilioSignature.IsValid("12345", Url, changed, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        Assert.False(TwilioSignature.IsValid("12345", Url, Form, "RSOYDt4T1cUTdK1PDd93/VVr8B9="));
        Assert.False(TwilioSignature.IsValid("12345", Url, Form, null));
        Assert.False(TwilioSignature.IsValid("12345", Url, Form, ""));
    }
}

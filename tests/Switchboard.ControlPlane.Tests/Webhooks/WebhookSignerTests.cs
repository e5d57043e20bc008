using System.Text;
using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.ControlPlane.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    // The Standard Webhooks specification's published test vector.
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = "{\"test\": 2432232314}";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Reproduces_the_specification_test_vector() =>
        Assert.Equal(SpecSignature, WebhookSigner.Sign(SpecSecret, SpecId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody)));

    [Fact]
    public void Any_change_to_id_timestamp_or_body_changes_the_signature()
    {
        var body = Encoding.UTF8.GetBytes(SpecBody);
        Assert.NotEqual(SpecSignature, WebhookSigner.Sign(SpecSecret, SpecId + "x", SpecTimestamp, body));
        Assert.NotEqual(SpecSignature, WebhookSigner.Sign(SpecSecret, SpecId, SpecTimestamp + 1, body));
        Assert.NotEqual(SpecSignature, WebhookSigner.Sign(SpecSecret, SpecId, SpecTimestamp, Encoding.UTF8.GetBytes("{\"test\": 2432232315}")));
    }

    [Fact]
    public void During_rotation_the_header_carries_one_signature_per_secret_space_separated()
    {
        var other = WebhookSigner.NewSecret();
        var body = Encoding.UTF8.GetBytes(SpecBody);
        var header = WebhookSigner.SignatureHeader([other, SpecSecret], SpecId, SpecTimestamp, body);
        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal(WebhookSigner.Sign(other, SpecId, SpecTimestamp, body), parts[0]);
        Assert.Equal(SpecSignature, parts[1]);
    }

    [Fact]
    public void New_secrets_are_whsec_and_32_random_bytes()
    {
        var a = WebhookSigner.NewSecret();
        var b = WebhookSigner.NewSecret();
        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(a["whsec_".Length..]).Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_secret_that_is_not_base64_is_a_clear_argument_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => WebhookSigner.Sign("whsec_***", "m", 1, []));
        Assert.Contains("base64", ex.Message, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Text;
using Switchboard.ControlPlane.Telephony.Twilio;

namespace Switchboard.ControlPlane.Tests.Telephony.Twilio;

public sealed class TelnyxSignatureTests
{
    // RFC 8032 TEST 1's key pair stands in for a Telnyx account's.
    private static readonly byte[] SecretKey = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static readonly byte[] PublicKey = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 13, 30, 0, TimeSpan.Zero);
    private static readonly byte[] Body = "CallSid=v3%3A1&From=%2B15550001&To=%2B15550100"u8.ToArray();

    private static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Telnyx's documented scheme, written from the docs: base64(Ed25519(timestamp + "|" + body)).</summary>
    private static string Sign(string timestamp, byte[] body) =>
        Convert.ToBase64String(Ed25519TestSigner.Sign(SecretKey, [.. Encoding.ASCII.GetBytes(timestamp + "|"), .. body]));

    [Fact]
    public void A_fresh_signature_over_timestamp_and_body_is_valid()
    {
        var ts = Timestamp(Now.AddSeconds(-3));
        Assert.True(TelnyxSignature.IsValid(PublicKey, ts, Sign(ts, Body), Body, Now));
    }

    [Fact]
    public void A_changed_body_timestamp_or_key_is_refused()
    {
        var ts = Timestamp(Now);
        var signature = Sign(ts, Body);
        Assert.False(TelnyxSignature.IsValid(PublicKey, ts, signature, [.. Body, (byte)'x'], Now));
        Assert.False(TelnyxSignature.IsValid(PublicKey, Timestamp(Now.AddSeconds(1)), signature, Body, Now));
        var otherKey = Ed25519TestSigner.PublicKey(Convert.FromHexString("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        Assert.False(TelnyxSignature.IsValid(otherKey, ts, signature, Body, Now));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_timestamp_more_than_five_minutes_off_is_refused_even_when_signed(int offsetSeconds)
    {
        var ts = Timestamp(Now.AddSeconds(offsetSeconds));
        Assert.False(TelnyxSignature.IsValid(PublicKey, ts, Sign(ts, Body), Body, Now));
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void A_timestamp_exactly_five_minutes_off_is_still_accepted(int offsetSeconds)
    {
        var ts = Timestamp(Now.AddSeconds(offsetSeconds));
        Assert.True(TelnyxSignature.IsValid(PublicKey, ts, Sign(ts, Body), Body, Now));
    }

    [Theory]
    [InlineData(null, "sig")]
    [InlineData("", "sig")]
    [InlineData("now", "sig")]
    [InlineData("-5", "sig")]
    [InlineData("99999999999999999999999", "sig")]
    [InlineData("1795959000", null)]
    [InlineData("1795959000", "")]
    [InlineData("1795959000", "not base64!")]
    [InlineData("1795959000", "AAAA")]
    public void Missing_or_malformed_headers_are_refused_without_throwing(string? timestamp, string? signature)
    {
        Assert.False(TelnyxSignature.IsValid(PublicKey, timestamp, signature, Body, Now));
    }

    [Fact]
    public void The_public_key_must_be_base64_of_32_bytes()
    {
        Assert.True(TelnyxSignature.TryDecodePublicKey(Convert.ToBase64String(PublicKey), out var key));
        Assert.Equal(PublicKey, key);
        Assert.False(TelnyxSignature.TryDecodePublicKey(Convert.ToBase64String(PublicKey.AsSpan(0, 31)), out _));
        Assert.False(TelnyxSignature.TryDecodePublicKey(Convert.ToBase64String([.. PublicKey, 0]), out _));
        Assert.False(TelnyxSignature.TryDecodePublicKey("not base64!", out _));
        Assert.False(TelnyxSignature.TryDecodePublicKey(null, out _));
    }

    [Fact]
    public void Options_validation_names_a_bad_telnyx_key_and_accepts_a_good_one()
    {
        new TwilioTelephonyOptions { TelnyxPublicKey = Convert.ToBase64String(PublicKey) }.Validate();
        var e = Assert.Throws<InvalidOperationException>(() => new TwilioTelephonyOptions { TelnyxPublicKey = "abcd" }.Validate());
        Assert.Contains("TelnyxPublicKey", e.Message, StringComparison.Ordinal);
    }
}

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Settings of the Media Streams telephony routes (Twilio, SignalWire, Telnyx), section <c>Telephony:Twilio</c>;
/// validated at start.
/// </summary>
internal sealed class TwilioTelephonyOptions
{
    public const string Section = "Telephony:Twilio";

    /// <summary>The Twilio account's auth token. When set, <c>/twilio/voice</c> verifies <c>X-Twilio-Signature</c> and
    /// answers 403 to anything unsigned; when not set, anyone who knows the URL can make the server answer calls.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The Twilio account for REST calls (transfers); when empty, the account named in each stream's <c>start</c>.</summary>
    public string? AccountSid { get; set; }

    /// <summary>Twilio's REST API root; only tests and Twilio's regional edges change it.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>SignalWire's signing key, verifying the same signature on <c>/signalwire/voice</c>.</summary>
    public string? SignalWireSigningKey { get; set; }

    /// <summary>The Telnyx account's public key (base64 of 32 bytes, from the portal's Keys &amp; Credentials). When set,
    /// <c>/telnyx/voice</c> verifies <c>telnyx-signature-ed25519</c> over <c>{telnyx-timestamp}|{body}</c> and answers 403
    /// to anything unsigned, wrongly signed or more than 5 minutes off.</summary>
    public string? TelnyxPublicKey { get; set; }

    /// <summary>This server's public base URL as the vendor calls it (<c>https://voice.example.com</c>), when a proxy
    /// sits in front: the signature covers the URL the vendor used, and the stream URL is built from it. When empty,
    /// both come from the request's own scheme and host.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long the stream token in the answer's TwiML stays valid (the vendor connects within a second or two).</summary>
    public int StreamTokenLifetimeSeconds { get; set; } = 120;

    /// <exception cref="InvalidOperationException">A setting is unusable; the message names it.</exception>
    public void Validate()
    {
        if (StreamTokenLifetimeSeconds is < 5 or > 3600)
            throw new InvalidOperationException($"{Section}:StreamTokenLifetimeSeconds must be 5 to 3600.");
        if (!string.IsNullOrEmpty(PublicBaseUrl)
            && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            throw new InvalidOperationException($"{Section}:PublicBaseUrl must be an absolute http(s) URL.");
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("https" or "http"))
            throw new InvalidOperationException($"{Section}:ApiBaseUrl must be an absolute http(s) URL.");
        if (!string.IsNullOrEmpty(TelnyxPublicKey) && !TelnyxSignature.TryDecodePublicKey(TelnyxPublicKey, out _))
            throw new InvalidOperationException($"{Section}:TelnyxPublicKey must be the base64 of a 32-byte Ed25519 public key, as the Telnyx portal shows it.");
    }
}

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

    /// <summary>How long the second call of a Twilio warm transfer may ring (5–300 s; Twilio's <c>Timeout</c>).</summary>
    public int TransferRingTimeoutSeconds { get; set; } = 30;

    /// <summary>SignalWire's signing key, verifying the same signature on <c>/signalwire/voice</c>.</summary>
    public string? SignalWireSigningKey { get; set; }

    /// <summary>The SignalWire Space for REST calls (transfers): <c>example.signalwire.com</c> or a full
    /// <c>https://</c> URL (tests point it at a local server). Transfers on SignalWire need it and <see cref="SignalWireApiToken"/>.</summary>
    public string? SignalWireSpaceUrl { get; set; }

    /// <summary>The SignalWire project for REST calls (the Compatibility API's account); when empty, the project
    /// named in each stream's <c>start</c> (its <c>accountSid</c>).</summary>
    public string? SignalWireProjectId { get; set; }

    /// <summary>A SignalWire API token with the Voice scope, the password of the REST calls' HTTP Basic auth. A secret:
    /// never logged.</summary>
    public string? SignalWireApiToken { get; set; }

    /// <summary>The Telnyx account's public key (base64 of 32 bytes, from the portal's Keys &amp; Credentials). When set,
    /// <c>/telnyx/voice</c> verifies <c>telnyx-signature-ed25519</c> over <c>{telnyx-timestamp}|{body}</c> and answers 403
    /// to anything unsigned, wrongly signed or more than 5 minutes off.</summary>
    public string? TelnyxPublicKey { get; set; }

    /// <summary>A Telnyx API key (V2), the bearer token of Call Control commands (transfers). A secret: never logged.</summary>
    public string? TelnyxApiKey { get; set; }

    /// <summary>Telnyx's REST API root (<c>/v2/…</c> follows); only tests change it.</summary>
    public string TelnyxApiBaseUrl { get; set; } = "https://api.telnyx.com";

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
        if (TransferRingTimeoutSeconds is < 5 or > 300)
            throw new InvalidOperationException($"{Section}:TransferRingTimeoutSeconds must be 5 to 300.");
        if (!string.IsNullOrEmpty(PublicBaseUrl)
            && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            throw new InvalidOperationException($"{Section}:PublicBaseUrl must be an absolute http(s) URL.");
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("https" or "http"))
            throw new InvalidOperationException($"{Section}:ApiBaseUrl must be an absolute http(s) URL.");
        if (!Uri.TryCreate(TelnyxApiBaseUrl, UriKind.Absolute, out var telnyx) || telnyx.Scheme is not ("https" or "http"))
            throw new InvalidOperationException($"{Section}:TelnyxApiBaseUrl must be an absolute http(s) URL.");
        if (!string.IsNullOrEmpty(SignalWireSpaceUrl) && SignalWireRestRoot() is null)
            throw new InvalidOperationException($"{Section}:SignalWireSpaceUrl must be the Space's host name (example.signalwire.com) or an absolute http(s) URL.");
        if (!string.IsNullOrEmpty(TelnyxPublicKey) && !TelnyxSignature.TryDecodePublicKey(TelnyxPublicKey, out _))
            throw new InvalidOperationException($"{Section}:TelnyxPublicKey must be the base64 of a 32-byte Ed25519 public key, as the Telnyx portal shows it.");
    }

    /// <summary>The root of SignalWire's Compatibility (LaML) REST API in <see cref="SignalWireSpaceUrl"/>
    /// (<c>https://example.signalwire.com/api/laml</c>), or null when the Space is not set or not usable.</summary>
    public string? SignalWireRestRoot()
    {
        if (string.IsNullOrWhiteSpace(SignalWireSpaceUrl)) return null;
        var space = SignalWireSpaceUrl.Trim();
        if (!space.Contains("://", StringComparison.Ordinal)) space = "https://" + space;
        if (!Uri.TryCreate(space, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            return null;
        return $"{uri.GetLeftPart(UriPartial.Path).TrimEnd('/')}/api/laml";
    }
}

using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>A vendor speaking the Media Streams protocol, with its route segment (<c>/api/v1/telephony/{Name}/…</c>).</summary>
internal sealed record MediaStreamVendor(string Name, string DisplayName, MediaStreamDialect Dialect)
{
    public static IReadOnlyList<MediaStreamVendor> All { get; } =
    [
        new("twilio", "Twilio", MediaStreamDialect.Twilio),
        new("signalwire", "SignalWire", MediaStreamDialect.SignalWire),
        new("telnyx", "Telnyx", MediaStreamDialect.Telnyx),
    ];

    /// <summary>The secret verifying this vendor's webhook signature, or null when not configured (or not supported).</summary>
    public string? SigningSecret(TwilioTelephonyOptions options) => Dialect switch
    {
        MediaStreamDialect.Twilio => NullIfEmpty(options.AuthToken),
        MediaStreamDialect.SignalWire => NullIfEmpty(options.SignalWireSigningKey),
        _ => null, // Telnyx signs with Ed25519 instead: TelnyxSignature, keyed by TelnyxPublicKey
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

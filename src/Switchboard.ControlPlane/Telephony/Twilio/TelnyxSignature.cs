using System.Globalization;
using System.Text;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Telnyx's webhook signature: Ed25519 over <c>{telnyx-timestamp}|{raw body}</c> under the account's public key,
/// the signature base64 in <c>telnyx-signature-ed25519</c>, the timestamp in unix seconds. A timestamp more than
/// <see cref="Tolerance"/> away from now is refused, so a captured request cannot be replayed later.
/// </summary>
internal static class TelnyxSignature
{
    public const string SignatureHeader = "telnyx-signature-ed25519";
    public const string TimestampHeader = "telnyx-timestamp";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Decodes the portal's base64 public key; false unless it is valid base64 of exactly 32 bytes.</summary>
    public static bool TryDecodePublicKey(string? base64, out byte[] publicKey)
    {
        publicKey = [];
        if (string.IsNullOrWhiteSpace(base64)) return false;
        var buffer = new byte[48];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written) || written != Ed25519.PublicKeySize) return false;
        publicKey = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>True when the headers' signature verifies over <paramref name="body"/> and the timestamp is within
    /// <see cref="Tolerance"/> of <paramref name="now"/>. Missing or malformed headers give false.</summary>
    public static bool IsValid(ReadOnlySpan<byte> publicKey, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)) return false;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return false;
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - signedAt).Duration() > Tolerance) return false;

        var signatureBytes = new byte[Ed25519.SignatureSize + 3];
        if (!Convert.TryFromBase64String(signature, signatureBytes, out var written) || written != Ed25519.SignatureSize) return false;

        // The timestamp is signed as sent (its exact digits), not as re-formatted from the parsed number.
        var prefixLength = Encoding.ASCII.GetByteCount(timestamp) + 1;
        var message = new byte[prefixLength + body.Length];
        Encoding.ASCII.GetBytes(timestamp, message);
        message[prefixLength - 1] = (byte)'|';
        body.CopyTo(message.AsSpan(prefixLength));
        return Ed25519.Verify(publicKey, message, signatureBytes.AsSpan(0, written));
    }
}

using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// Standard Webhooks v1 signatures: <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")) where the key
/// is the base64-decoded part of the secret after <c>whsec_</c>. Stateless and thread-safe.
/// </summary>
internal static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: <c>whsec_</c> + base64 of 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = DecodeSecret(secret);
        var prefix = Encoding.UTF8.GetBytes(messageId + "." + timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var content = ArrayPool<byte>.Shared.Rent(prefix.Length + body.Length);
        try
        {
            prefix.CopyTo(content, 0);
            body.CopyTo(content.AsSpan(prefix.Length));
            Span<byte> mac = stackalloc byte[32];
            HMACSHA256.HashData(key, content.AsSpan(0, prefix.Length + body.Length), mac);
            return "v1," + Convert.ToBase64String(mac);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(content);
        }
    }

    /// <summary>The <c>webhook-signature</c> value: one <c>v1,…</c> entry per secret, space-separated.</summary>
    public static string SignatureHeader(IReadOnlyList<string> secrets, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        if (secrets.Count == 0) throw new ArgumentException("At least one secret is needed.", nameof(secrets));
        var parts = new string[secrets.Count];
        for (var i = 0; i < secrets.Count; i++) parts[i] = Sign(secrets[i], messageId, timestamp, body);
        return string.Join(' ', parts);
    }

    private static byte[] DecodeSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            return Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            throw new ArgumentException("The signing secret is not whsec_ followed by base64.", nameof(secret));
        }
    }
}

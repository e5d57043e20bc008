using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Twilio's webhook signature: base64(HMAC-SHA1(auth token, full URL + every POST parameter's name and value,
/// sorted by name)), sent as <c>X-Twilio-Signature</c>. SignalWire's compatibility API signs the same way.
/// </summary>
internal static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";
    public const string SignalWireHeader = "X-SignalWire-Signature";

    /// <summary>The signature of a form POST to <paramref name="url"/>.</summary>
    public static string Compute(string secret, string url, IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        var text = new StringBuilder(url);
        foreach (var (name, values) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var value in values) text.Append(name).Append(value);
        }
        // SHA-1 is what the vendor signs with; we verify, we do not choose.
#pragma warning disable CA5350
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text.ToString()));
#pragma warning restore CA5350
        return Convert.ToBase64String(mac);
    }

    /// <summary>Compares in constant time; a missing signature never matches.</summary>
    public static bool IsValid(string secret, string url, IEnumerable<KeyValuePair<string, StringValues>> form, string? signature)
    {
        if (string.IsNullOrEmpty(signature)) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, url, form));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}

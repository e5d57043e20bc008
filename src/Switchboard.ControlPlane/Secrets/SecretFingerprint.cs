using System.Security.Cryptography;
using System.Text;
using Switchboard.ControlPlane.ApiKeys;

namespace Switchboard.ControlPlane.Secrets;

/// <summary>
/// A short, non-reversible label of a secret's value: the first 12 hex digits of HMAC-SHA256 under a key derived
/// from the server pepper. Keyed so that a copy of the database cannot be used to test guesses of a weak value
/// against it. Thread-safe; singleton.
/// </summary>
internal sealed class SecretFingerprint(ApiKeyHasher hasher)
{
    // Derived rather than the pepper itself: the same pepper must not key two unrelated hashes.
    private readonly byte[] _key = hasher.Hash("switchboard-secret-fingerprint-v1");

    public string Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value));
        return Convert.ToHexStringLower(mac.AsSpan(0, 6));
    }
}

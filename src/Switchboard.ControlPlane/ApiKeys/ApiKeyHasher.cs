using System.Security.Cryptography;
using System.Text;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>
/// HMAC-SHA256 of a key under the server pepper. A leaked database alone cannot be used to check guesses:
/// the pepper lives outside it (configuration or a file in the data directory).
/// </summary>
internal sealed class ApiKeyHasher(byte[] pepper)
{
    public const int HashLength = HMACSHA256.HashSizeInBytes;

    public byte[] Hash(ReadOnlySpan<char> key)
    {
        var hash = new byte[HashLength];
        Hash(key, hash);
        return hash;
    }

    /// <summary>Writes the hash into <paramref name="destination"/> (at least <see cref="HashLength"/> bytes): no allocation.</summary>
    public void Hash(ReadOnlySpan<char> key, Span<byte> destination)
    {
        Span<byte> utf8 = stackalloc byte[ApiKeyFormat.Length * 3];
        var n = Encoding.UTF8.GetBytes(key, utf8);
        HMACSHA256.HashData(pepper, utf8[..n], destination);
    }
}

using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Sip.Auth;

/// <summary>
/// Stateless nonces: base64url(issued-at ms ‖ 12 random bytes ‖ HMAC-SHA256(secret, issued-at ‖ random ‖ realm)[..16]).
/// Any node that shares the secret can verify them, so no nonce table is needed; only nonce-count tracking is
/// per node. Thread-safe.
/// </summary>
internal sealed class DigestNonceCodec
{
    private const int TimeBytes = 8;
    private const int RandomBytes = 12;
    private const int MacBytes = 16;
    private const int TotalBytes = TimeBytes + RandomBytes + MacBytes;

    // Nodes' clocks differ a little; a nonce "from the future" beyond this is forged or from a broken node.
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromSeconds(30);

    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public DigestNonceCodec(byte[] secret, TimeProvider time, TimeSpan lifetime)
    {
        _secret = secret;
        _time = time;
        _lifetime = lifetime;
    }

    public string Create(string realm)
    {
        Span<byte> nonce = stackalloc byte[TotalBytes];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(nonce.Slice(TimeBytes, RandomBytes));
        Sign(nonce[..(TimeBytes + RandomBytes)], realm, nonce[(TimeBytes + RandomBytes)..]);
        return Base64Url.EncodeToString(nonce);
    }

    public DigestNonceStatus Validate(string nonce, string realm, out DateTimeOffset issuedAt)
    {
        issuedAt = default;
        Span<byte> bytes = stackalloc byte[TotalBytes + 3];
        if (nonce.Length != Base64Url.GetEncodedLength(TotalBytes)
            || !Base64Url.TryDecodeFromChars(nonce, bytes, out int written)
            || written != TotalBytes)
        {
            return DigestNonceStatus.Invalid;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(bytes[..(TimeBytes + RandomBytes)], realm, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.Slice(TimeBytes + RandomBytes, MacBytes)))
        {
            return DigestNonceStatus.Invalid;
        }

        long ms = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ms < 0 || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return DigestNonceStatus.Invalid;
        }

        issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        DateTimeOffset now = _time.GetUtcNow();
        if (issuedAt > now + AllowedClockSkew)
        {
            return DigestNonceStatus.Invalid;
        }

        return now - issuedAt > _lifetime ? DigestNonceStatus.Stale : DigestNonceStatus.Valid;
    }

    public DateTimeOffset ExpiresAt(DateTimeOffset issuedAt) => issuedAt + _lifetime;

    /// <summary>A value derived from the secret, the same on every node, used as the opaque parameter.</summary>
    public string Opaque(string realm)
    {
        Span<byte> mac = stackalloc byte[MacBytes];
        Sign("opaque"u8, realm, mac);
        return Base64Url.EncodeToString(mac[..12]);
    }

    private void Sign(ReadOnlySpan<byte> data, string realm, Span<byte> destination)
    {
        int realmLength = Encoding.UTF8.GetByteCount(realm);
        byte[] message = new byte[data.Length + realmLength];
        data.CopyTo(message);
        Encoding.UTF8.GetBytes(realm, message.AsSpan(data.Length));
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_secret, message, full);
        full[..destination.Length].CopyTo(destination);
    }
}

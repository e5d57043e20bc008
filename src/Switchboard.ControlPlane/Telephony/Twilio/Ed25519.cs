using System.Numerics;
using System.Security.Cryptography;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Verify-only Ed25519 (RFC 8032 §5.1.7) over <see cref="BigInteger"/> arithmetic, for vendor webhook signatures
/// (Telnyx). The BCL has no Ed25519 and no package here provides one. Not constant-time and slow (milliseconds per
/// check): fine for verifying public data at webhook rates, never to be used with secret scalars in production.
/// The check is cofactorless, <c>[S]B == R + [k]A</c>, which RFC 8032 allows. Stateless and thread-safe.
/// </summary>
internal static class Ed25519
{
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;

    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    /// <summary>The prime order of the base point's subgroup.</summary>
    internal static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger D2 = Mod(2 * D);
    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);
    private static readonly Point Identity = new(0, 1, 1, 0);
    private static readonly Point BasePoint = CreateBasePoint();

    /// <summary>True when <paramref name="signature"/> is a valid Ed25519 signature of <paramref name="message"/> under
    /// <paramref name="publicKey"/>. Wrong lengths, non-canonical or off-curve encodings and S ≥ L give false, never an
    /// exception.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize) return false;
        if (!TryDecode(publicKey, out var a)) return false;
        var rBytes = signature[..32];
        if (!TryDecode(rBytes, out var r)) return false;
        var s = new BigInteger(signature[32..], isUnsigned: true, isBigEndian: false);
        if (s >= L) return false;

        var hashInput = new byte[64 + message.Length];
        rBytes.CopyTo(hashInput);
        publicKey.CopyTo(hashInput.AsSpan(32));
        message.CopyTo(hashInput.AsSpan(64));
        var k = ReduceScalar(SHA512.HashData(hashInput));

        var left = Multiply(BasePoint, s);
        var right = Add(r, Multiply(a, k));
        return AreEqual(left, right);
    }

    /// <summary>A 64-byte hash as a little-endian integer, reduced mod L (RFC 8032's SHA-512(...) mod L).</summary>
    internal static BigInteger ReduceScalar(ReadOnlySpan<byte> hash) => new BigInteger(hash, isUnsigned: true, isBigEndian: false) % L;

    /// <summary>The encoding of [<paramref name="scalar"/>]B; used by the test project's signer (RFC 8032 §5.1.6).</summary>
    internal static byte[] MultiplyBase(BigInteger scalar) => Encode(Multiply(BasePoint, scalar));

    private static byte[] Encode(Point point)
    {
        var zInverse = Inverse(point.Z);
        var x = Mod(point.X * zInverse);
        var y = Mod(point.Y * zInverse);
        var bytes = new byte[32];
        y.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        if (!x.IsEven) bytes[31] |= 0x80;
        return bytes;
    }

    /// <summary>RFC 8032 §5.1.3, rejecting y ≥ p and the negative-zero x encoding, so every accepted encoding is canonical.</summary>
    private static bool TryDecode(ReadOnlySpan<byte> encoded, out Point point)
    {
        point = Identity;
        Span<byte> yBytes = stackalloc byte[32];
        encoded.CopyTo(yBytes);
        var xSign = (yBytes[31] & 0x80) != 0;
        yBytes[31] &= 0x7F;
        var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: false);
        if (y >= P) return false;

        var ySquared = y * y % P;
        var u = Mod(ySquared - 1);
        var v = Mod(D * ySquared + 1);
        var v3 = v * v % P * v % P;
        var v7 = v3 * v3 % P * v % P;
        var x = u * v3 % P * BigInteger.ModPow(u * v7 % P, (P - 5) / 8, P) % P;
        var vx2 = v * x % P * x % P;
        if (vx2 != u)
        {
            if (vx2 != Mod(-u)) return false;
            x = x * SqrtMinusOne % P;
        }
        if (x.IsZero && xSign) return false;
        if (x.IsEven == xSign) x = P - x;
        point = new Point(x, y, 1, x * y % P);
        return true;
    }

    // Extended twisted Edwards coordinates (RFC 8032 §5.1.4); the formula is complete, so it also doubles.
    private static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = (p.Y + p.X) * (q.Y + q.X) % P;
        var c = p.T * D2 % P * q.T % P;
        var d = 2 * p.Z * q.Z % P;
        var e = Mod(b - a);
        var f = Mod(d - c);
        var g = (d + c) % P;
        var h = (b + a) % P;
        return new Point(e * f % P, g * h % P, f * g % P, e * h % P);
    }

    private static Point Multiply(Point point, BigInteger scalar)
    {
        var result = Identity;
        var addend = point;
        while (!scalar.IsZero)
        {
            if (!scalar.IsEven) result = Add(result, addend);
            addend = Add(addend, addend);
            scalar >>= 1;
        }
        return result;
    }

    private static bool AreEqual(Point p, Point q) =>
        Mod(p.X * q.Z - q.X * p.Z).IsZero && Mod(p.Y * q.Z - q.Y * p.Z).IsZero;

    private static Point CreateBasePoint()
    {
        var y = Mod(4 * Inverse(5));
        var bytes = new byte[32];
        y.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        // x is chosen even ("positive") by the curve's definition, so the sign bit stays clear.
        if (!TryDecode(bytes, out var point)) throw new InvalidOperationException("Ed25519 base point failed to decode.");
        return point;
    }

    private static BigInteger Mod(BigInteger value)
    {
        var r = value % P;
        return r.Sign < 0 ? r + P : r;
    }

    private static BigInteger Inverse(BigInteger value) => BigInteger.ModPow(Mod(value), P - 2, P);

    private readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);
}

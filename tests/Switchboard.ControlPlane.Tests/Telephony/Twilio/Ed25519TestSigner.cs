using System.Numerics;
using System.Security.Cryptography;
using Switchboard.ControlPlane.Telephony.Twilio;

namespace Switchboard.ControlPlane.Tests.Telephony.Twilio;

/// <summary>
/// Ed25519 signing (RFC 8032 §5.1.5–5.1.6) for tests only, on top of the production verifier's arithmetic: the product
/// never signs, but tests need fresh signatures over bodies they build. Checked against the RFC vectors.
/// </summary>
internal static class Ed25519TestSigner
{
    public static byte[] PublicKey(ReadOnlySpan<byte> secretKey) => Ed25519.MultiplyBase(SecretScalar(SHA512.HashData(secretKey)));

    public static byte[] Sign(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> message)
    {
        var h = SHA512.HashData(secretKey);
        var s = SecretScalar(h);
        var publicKey = Ed25519.MultiplyBase(s);
        var r = Ed25519.ReduceScalar(SHA512.HashData([.. h.AsSpan(32, 32), .. message]));
        var rEncoded = Ed25519.MultiplyBase(r);
        var k = Ed25519.ReduceScalar(SHA512.HashData([.. rEncoded, .. publicKey, .. message]));
        var sig = (r + k * s) % Ed25519.L;
        var signature = new byte[Ed25519.SignatureSize];
        rEncoded.CopyTo(signature, 0);
        sig.TryWriteBytes(signature.AsSpan(32), out _, isUnsigned: true, isBigEndian: false);
        return signature;
    }

    private static BigInteger SecretScalar(byte[] hash)
    {
        var a = hash.AsSpan(0, 32).ToArray();
        a[0] &= 248;
        a[31] &= 127;
        a[31] |= 64;
        return new BigInteger(a, isUnsigned: true, isBigEndian: false);
    }
}

using Switchboard.ControlPlane.Telephony.Twilio;

namespace Switchboard.ControlPlane.Tests.Telephony.Twilio;

public sealed class Ed25519Tests
{
    /// <summary>RFC 8032 §7.1: TEST 1, 2, 3 and TEST SHA(abc) (secret key, public key, message, signature; hex).</summary>
    public static TheoryData<string, string, string, string> Rfc8032Vectors => new()
    {
        {
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
        {
            "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"
        },
    };

    private static readonly byte[] Key1 = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static readonly byte[] Sig1 = Convert.FromHexString(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void The_rfc_vectors_verify(string secret, string publicKey, string message, string signature)
    {
        _ = secret;
        Assert.True(Ed25519.Verify(Convert.FromHexString(publicKey), Convert.FromHexString(message), Convert.FromHexString(signature)));
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void The_test_signer_reproduces_the_rfc_public_keys_and_signatures(string secret, string publicKey, string message, string signature)
    {
        var sk = Convert.FromHexString(secret);
        Assert.Equal(publicKey, Convert.ToHexStringLower(Ed25519TestSigner.PublicKey(sk)));
        Assert.Equal(signature, Convert.ToHexStringLower(Ed25519TestSigner.Sign(sk, Convert.FromHexString(message))));
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Any_flipped_bit_in_message_signature_or_key_fails(string secret, string publicKey, string message, string signature)
    {
        _ = secret;
        var key = Convert.FromHexString(publicKey);
        var msg = Convert.FromHexString(message);
        var sig = Convert.FromHexString(signature);

        Assert.False(Ed25519.Verify(key, [.. msg, 0x00], sig));
        if (msg.Length > 0) Assert.False(Ed25519.Verify(key, Flip(msg, msg.Length - 1, 0x01), sig));
        Assert.False(Ed25519.Verify(key, msg, Flip(sig, 0, 0x01)));   // R
        Assert.False(Ed25519.Verify(key, msg, Flip(sig, 40, 0x10)));  // S
        Assert.False(Ed25519.Verify(Flip(key, 5, 0x04), msg, sig));
    }

    [Fact]
    public void Wrong_lengths_fail_without_throwing()
    {
        Assert.False(Ed25519.Verify(Key1.AsSpan(0, 31), [], Sig1));
        Assert.False(Ed25519.Verify([.. Key1, 0], [], Sig1));
        Assert.False(Ed25519.Verify(Key1, [], Sig1.AsSpan(0, 63)));
        Assert.False(Ed25519.Verify(Key1, [], [.. Sig1, 0]));
        Assert.False(Ed25519.Verify([], [], []));
    }

    [Fact]
    public void S_plus_the_group_order_is_refused_although_it_is_the_same_scalar_mod_L()
    {
        var s = new System.Numerics.BigInteger(Sig1.AsSpan(32), isUnsigned: true, isBigEndian: false) + Ed25519.L;
        var malleated = Sig1.ToArray();
        Assert.True(s.TryWriteBytes(malleated.AsSpan(32), out _, isUnsigned: true, isBigEndian: false)); // still < 2^256
        Assert.False(Ed25519.Verify(Key1, [], malleated));
    }

    [Fact]
    public void Non_canonical_point_encodings_are_refused()
    {
        // y = p (≥ p, the encoding of y = 0 plus p) and y = p + 1 (non-canonical encoding of the identity's y = 1).
        var p = Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        var pPlusOne = Convert.FromHexString("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        Assert.False(Ed25519.Verify(p, [], Sig1));
        Assert.False(Ed25519.Verify(pPlusOne, [], Sig1));
        Assert.False(Ed25519.Verify(Key1, [], [.. pPlusOne, .. Sig1.AsSpan(32)]));
        // x = 0 with the sign bit set ("negative zero"): y = 1 with bit 255 set.
        var negativeZero = new byte[32];
        negativeZero[0] = 1;
        negativeZero[31] = 0x80;
        Assert.False(Ed25519.Verify(negativeZero, [], Sig1));
        // y = 2 is not on the curve (x² has no square root).
        var offCurve = new byte[32];
        offCurve[0] = 2;
        Assert.False(Ed25519.Verify(offCurve, [], Sig1));
    }

    [Fact]
    public void A_fresh_signature_over_a_long_message_verifies_and_another_keys_does_not()
    {
        var sk = Convert.FromHexString("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
        var message = new byte[1023];
        for (var i = 0; i < message.Length; i++) message[i] = (byte)(i * 7);
        var signature = Ed25519TestSigner.Sign(sk, message);
        Assert.True(Ed25519.Verify(Ed25519TestSigner.PublicKey(sk), message, signature));
        Assert.False(Ed25519.Verify(Key1, message, signature));
    }

    private static byte[] Flip(byte[] bytes, int index, byte mask)
    {
        var copy = bytes.ToArray();
        copy[index] ^= mask;
        return copy;
    }
}

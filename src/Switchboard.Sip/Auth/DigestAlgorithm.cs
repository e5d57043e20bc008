namespace Switchboard.Sip.Auth;

/// <summary>Digest hash algorithms we implement (RFC 7616 §3.3, RFC 8760).</summary>
public enum DigestAlgorithm
{
    /// <summary>"MD5": RFC 2617; still what most SIP equipment speaks.</summary>
    Md5,

    /// <summary>"MD5-sess": HA1 also covers nonce and cnonce.</summary>
    Md5Sess,

    /// <summary>"SHA-256": RFC 7616 / RFC 8760, preferred.</summary>
    Sha256,

    /// <summary>"SHA-256-sess".</summary>
    Sha256Sess,
}

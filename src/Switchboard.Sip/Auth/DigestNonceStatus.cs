namespace Switchboard.Sip.Auth;

/// <summary>What the server concluded about a nonce it received back.</summary>
internal enum DigestNonceStatus
{
    Valid,
    Stale,
    Invalid,
}

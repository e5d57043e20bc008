namespace Switchboard.Sip.Auth;

/// <summary>What the UAS/registrar should do with the request.</summary>
public enum DigestAuthOutcome
{
    /// <summary>Credentials are valid: process the request as <see cref="DigestAuthResult.Username"/>.</summary>
    Authenticated,

    /// <summary>The source address is on the allow-list: process the request without credentials.</summary>
    TrustedAddress,

    /// <summary>Reply 401/407 with the result's challenges.</summary>
    Challenge,

    /// <summary>The credentials header is malformed: reply 400 Bad Request.</summary>
    BadRequest,
}

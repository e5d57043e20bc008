using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>
/// Encrypts secrets the server must use again later in clear (a SIP trunk's password for digest auth), unlike API
/// keys, which are only ever compared and so are hashed. ASP.NET Core Data Protection does the cryptography
/// (authenticated encryption, key rotation); its key ring lives in <c>{Switchboard:DataDirectory}/keys</c>, so a copy
/// of the database alone does not reveal the secrets. Several nodes sharing a database must share that folder.
/// Thread-safe; register as a singleton.
/// </summary>
internal sealed class SecretProtector(IDataProtectionProvider provider)
{
    // Changing the purpose makes every stored secret unreadable: it is part of the stored format.
    private const string Purpose = "Switchboard.Secrets.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>The ciphertext to store (base64url text).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is null.</exception>
    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return _protector.Protect(plaintext);
    }

    /// <summary>The secret <see cref="Protect"/> stored.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="protectedText"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// The text was not made by this server's key ring (tampered, or the keys folder was lost or not shared).
    /// </exception>
    public string Unprotect(string protectedText)
    {
        ArgumentNullException.ThrowIfNull(protectedText);
        try
        {
            return _protector.Unprotect(protectedText);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                "A stored secret cannot be decrypted: the data protection keys in {DataDirectory}/keys are not the ones that encrypted it.", ex);
        }
    }
}

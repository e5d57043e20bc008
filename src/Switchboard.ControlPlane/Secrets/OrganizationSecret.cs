using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Secrets;

/// <summary>
/// A named value an organization stores for its HTTP functions to send (an API token, a password). The value is
/// kept only encrypted (<see cref="PhoneNumbers.SecretProtector"/>) and is never returned by the API.
/// </summary>
internal sealed class OrganizationSecret : ITenantOwned, Common.IListable
{
    /// <summary>Internal (<c>sec_…</c>); the API addresses a secret by its name.</summary>
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";

    /// <summary>Unique per organization; what <c>{{secret.NAME}}</c> templates refer to.</summary>
    public required string Name { get; set; }

    /// <summary>The value as <see cref="PhoneNumbers.SecretProtector"/> encrypted it; never the plaintext.</summary>
    public required string ProtectedValue { get; set; }

    /// <summary>A short keyed hash of the value (<see cref="SecretFingerprint"/>) so a reader can tell values apart.</summary>
    public required string Fingerprint { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

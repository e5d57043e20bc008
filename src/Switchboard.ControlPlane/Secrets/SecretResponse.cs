namespace Switchboard.ControlPlane.Secrets;

/// <summary>What the API shows of a secret: never its value.</summary>
internal sealed record SecretResponse(string Name, string Fingerprint, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SecretResponse From(OrganizationSecret s) => new(s.Name, s.Fingerprint, s.CreatedAt, s.UpdatedAt);
}

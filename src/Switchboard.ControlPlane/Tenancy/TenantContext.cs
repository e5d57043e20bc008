namespace Switchboard.ControlPlane.Tenancy;

/// <summary>
/// Who is calling, per request. Set only by the API key authentication handler from a verified key, so the
/// organization can never come from a request body, a header or a route value.
/// </summary>
internal sealed class TenantContext
{
    public string? OrganizationId { get; private set; }
    public string? ApiKeyId { get; private set; }

    public void Set(string organizationId, string apiKeyId)
    {
        if (OrganizationId is not null && OrganizationId != organizationId)
            throw new InvalidOperationException("The tenant of a request cannot change once set.");
        OrganizationId = organizationId;
        ApiKeyId = apiKeyId;
    }

    public string RequireOrganizationId() =>
        OrganizationId ?? throw new InvalidOperationException("No verified tenant for this operation.");
}

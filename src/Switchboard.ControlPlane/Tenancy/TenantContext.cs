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

    /// <summary>
    /// The tenant of work done for an organization outside any request (a call's record, its tool journal): the
    /// organization comes from the call the platform itself placed or answered, and no API key acts.
    /// </summary>
    public static TenantContext ForOrganization(string organizationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        return new TenantContext { OrganizationId = organizationId };
    }

    public string RequireOrganizationId() =>
        OrganizationId ?? throw new InvalidOperationException("No verified tenant for this operation.");
}

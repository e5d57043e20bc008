using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Data;

/// <summary>
/// Leases a pooled context for one organization outside an HTTP request (call recording, the tool journal). The
/// tenant filters and stamping then work exactly as in a request of that organization. Thread-safe; the caller owns
/// and disposes each context it creates (disposing returns it to the pool).
/// </summary>
internal sealed class OrganizationDbContextFactory(Func<SwitchboardDbContext> create)
{
    public SwitchboardDbContext Create(string organizationId)
    {
        var tenant = TenantContext.ForOrganization(organizationId);
        var context = create();
        context.Tenant = tenant;
        return context;
    }
}

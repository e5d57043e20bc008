using System.Security.Claims;
using Switchboard.ControlPlane.ApiKeys;

namespace Switchboard.ControlPlane.Tests.ApiKeys;

public sealed class StoredKeyTests
{
    private static StoredKey Row() => new("key_1", "org_1", ["agents:read", "calls:*"], 60, null, null, null, false, null);

    [Fact]
    public void The_principal_names_the_key_its_organization_and_every_scope()
    {
        var principal = Row().Principal;
        var identity = Assert.IsType<ClaimsIdentity>(principal.Identity);
        Assert.True(identity.IsAuthenticated);
        Assert.Equal(ApiKeyAuthenticationHandler.SchemeName, identity.AuthenticationType);
        Assert.Equal("key_1", principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("org_1", principal.FindFirstValue(ApiKeyAuthenticationHandler.OrganizationClaim));
        Assert.Equal(["agents:read", "calls:*"], principal.FindAll(ApiKeyAuthenticationHandler.ScopeClaim).Select(c => c.Value));
        Assert.All(identity.Claims, c => Assert.Same(identity, c.Subject));
    }

    [Fact]
    public void The_principal_and_the_request_feature_are_built_once_per_cached_row()
    {
        var row = Row();
        Assert.Same(row.Principal, row.Principal);
        Assert.Same(row.Authenticated, row.Authenticated);
        Assert.NotSame(row.Principal, Row().Principal);
    }
}

using Switchboard.ControlPlane.ApiKeys;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

/// <summary>Every API route names a scope, refuses a key without it, and admits a key with only it.</summary>
[Collection(ApiCollection.Name)]
public sealed class ScopeMatrixTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Every_route_refuses_a_key_without_its_scope(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var routes = ApiRoute.All(server.Services);
        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            Assert.False(route.Scope is null, $"{route} requires no scope.");
            var resourceWildcard = route.Scope![..route.Scope.IndexOf(':', StringComparison.Ordinal)] + ":*";
            var everythingElse = ApiKeyScopes.Known.Where(s => s != "*" && s != route.Scope && s != resourceWildcard);
            var without = await server.CreateKeyAsync(scopes: string.Join(',', everythingElse));
            var refused = await without.Client.SendAsync(route.Request());
            var problem = await refused.ProblemAsync(403, "insufficient_scope");
            Assert.Equal(route.Scope, (string?)problem["required_scope"]);

            var only = await server.CreateKeyAsync(scopes: route.Scope);
            var admitted = await only.Client.SendAsync(route.Request());
            Assert.NotEqual(403, (int)admitted.StatusCode);
            Assert.NotEqual(401, (int)admitted.StatusCode);
        }
    }
}

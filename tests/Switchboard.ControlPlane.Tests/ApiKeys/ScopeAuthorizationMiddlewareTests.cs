using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.ApiKeys;

namespace Switchboard.ControlPlane.Tests.ApiKeys;

public sealed class ScopeAuthorizationMiddlewareTests
{
    [Theory]
    [InlineData("*")]
    [InlineData("agents:read")]
    [InlineData("agents:*")]
    [InlineData("calls:read agents:read")]
    public async Task A_key_with_the_scope_passes(string scopes)
    {
        var (outcome, context) = await RunAsync(Key(scopes), [new RequiredScopeMetadata("agents:read")]);
        Assert.Equal("next", outcome);
        Assert.False(context.Items.ContainsKey(ScopeAuthorizationMiddleware.MissingScopeItem));
    }

    [Theory]
    [InlineData("agents:write")]
    [InlineData("calls:*")]
    [InlineData("")]
    public async Task A_key_without_the_scope_is_forbidden_and_the_scope_is_named(string scopes)
    {
        var (outcome, context) = await RunAsync(Key(scopes), [new RequiredScopeMetadata("agents:read")]);
        Assert.Equal("forbid", outcome);
        Assert.Equal("agents:read", context.Items[ScopeAuthorizationMiddleware.MissingScopeItem]);
    }

    [Fact]
    public async Task Every_declared_scope_is_required_as_combined_policies_were()
    {
        var (outcome, context) = await RunAsync(Key("agents:read"),
            [new RequiredScopeMetadata("agents:read"), new RequiredScopeMetadata("audit:read")]);
        Assert.Equal("forbid", outcome);
        Assert.Equal("audit:read", context.Items[ScopeAuthorizationMiddleware.MissingScopeItem]);
    }

    [Fact]
    public async Task No_verified_key_is_challenged()
    {
        Assert.Equal("challenge", (await RunAsync(null, [new RequiredScopeMetadata("agents:read")])).Outcome);
    }

    [Fact]
    public async Task A_key_feature_without_an_authenticated_api_key_principal_is_challenged()
    {
        // The feature alone is not enough: the authentication handler sets both, so one without the other is not a key.
        var context = NewContext([new RequiredScopeMetadata("agents:read")]);
        context.Features.Set(new AuthenticatedKey("key_1", "org_1", ["*"], null, null));
        context.User = new ClaimsPrincipal(new ClaimsIdentity("SomethingElse"));
        Assert.Equal("challenge", await InvokeAsync(context));
    }

    [Fact]
    public async Task Routes_without_scope_metadata_and_anonymous_routes_are_left_alone()
    {
        Assert.Equal("next", (await RunAsync(null, [])).Outcome);
        Assert.Equal("next", (await RunAsync(null, [new RequiredScopeMetadata("agents:read"), new AllowAnonymousAttribute()])).Outcome);
        var noEndpoint = new DefaultHttpContext { RequestServices = Services(new RecordingAuthentication()) };
        Assert.Equal("next", await InvokeAsync(noEndpoint));
    }

    private static AuthenticatedKey Key(string scopes) => new("key_1", "org_1", ApiKeyScopes.Parse(scopes), null, null);

    private static async Task<(string Outcome, HttpContext Context)> RunAsync(AuthenticatedKey? key, object[] metadata)
    {
        var context = NewContext(metadata);
        if (key is not null)
        {
            context.Features.Set(key);
            context.User = new ClaimsPrincipal(new ClaimsIdentity(ApiKeyAuthenticationHandler.SchemeName));
        }
        return (await InvokeAsync(context), context);
    }

    private static DefaultHttpContext NewContext(object[] metadata)
    {
        var context = new DefaultHttpContext { RequestServices = Services(new RecordingAuthentication()) };
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(metadata), "test"));
        return context;
    }

    private static async Task<string> InvokeAsync(HttpContext context)
    {
        var outcome = "none";
        var middleware = new ScopeAuthorizationMiddleware(_ =>
        {
            outcome = "next";
            return Task.CompletedTask;
        });
        await middleware.InvokeAsync(context);
        var authentication = (RecordingAuthentication)context.RequestServices.GetRequiredService<IAuthenticationService>();
        return authentication.Outcome ?? outcome;
    }

    private static ServiceProvider Services(RecordingAuthentication authentication) =>
        new ServiceCollection().AddSingleton<IAuthenticationService>(authentication).BuildServiceProvider();

    private sealed class RecordingAuthentication : IAuthenticationService
    {
        public string? Outcome { get; private set; }

        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) => throw new NotSupportedException();

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties)
        {
            Outcome = "challenge";
            return Task.CompletedTask;
        }

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties)
        {
            Outcome = "forbid";
            return Task.CompletedTask;
        }

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) =>
            throw new NotSupportedException();

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();
    }
}

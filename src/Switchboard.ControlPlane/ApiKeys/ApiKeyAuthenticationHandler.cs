using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>
/// The <c>ApiKey</c> scheme: writes the 401 and 403 problem responses when a route challenges or forbids. The key
/// itself is checked once per request by <see cref="ApiKeyAuthenticationMiddleware"/> (<see cref="ApiKeyAuthenticator"/>).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";
    public const string OrganizationClaim = "org";

    /// <summary>
    /// The request was authenticated once, by <see cref="ApiKeyAuthenticationMiddleware"/>; anything that asks again
    /// (an authorization policy, <c>HttpContext.AuthenticateAsync</c>) gets that outcome.
    /// </summary>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.Features.Get<AuthenticatedKey>() is not null && Context.User.Identity is { IsAuthenticated: true } identity
            && identity.AuthenticationType == SchemeName)
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Context.User, SchemeName)));
        return Task.FromResult(Context.Items[ApiKeyAuthenticationMiddleware.FailureItem] is string failure
            ? AuthenticateResult.Fail(failure)
            : AuthenticateResult.NoResult());
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items[ApiKeyAuthenticationMiddleware.FailureItem] as string;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = 401,
                Title = "Unauthorized",
                Detail = failure ?? "Send an API key: 'Authorization: Bearer <api key>'.",
                Extensions = { ["code"] = failure is null ? ErrorCodes.MissingApiKey : ErrorCodes.InvalidApiKey },
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var required = Context.Items[ScopeAuthorizationMiddleware.MissingScopeItem] as string;
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = 403,
                Title = "Insufficient scope",
                Detail = required is null ? "This API key may not do this." : $"This API key lacks the scope '{required}'.",
                Extensions = { ["code"] = ErrorCodes.InsufficientScope, ["required_scope"] = required },
            },
        });
    }
}

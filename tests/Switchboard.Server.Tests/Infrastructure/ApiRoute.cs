using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Http;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>One mapped API route, read from the running server's route table (not from a list in the tests).</summary>
public sealed record ApiRoute(string Method, string Pattern, string? Scope, ApiShape Shape)
{
    public bool HasId => Pattern.Contains("{id}", StringComparison.Ordinal);
    public bool HasBody => (Shape & ApiShape.Body) != 0;

    /// <summary>The first path segment after /api/v1, e.g. <c>agents</c>.</summary>
    public string Resource => Pattern["/api/v1/".Length..].Split('/')[0];

    public string Url(string id = "x_none") => Pattern.Replace("{id}", id, StringComparison.Ordinal);

    public HttpRequestMessage Request(string id = "x_none", string? body = null, string? query = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Url(id) + query);
        if (HasBody || body is not null)
            request.Content = new StringContent(body ?? "{}", System.Text.Encoding.UTF8, "application/json");
        return request;
    }

    public override string ToString() => $"{Method} {Pattern}";

    /// <param name="includeAnonymous">Also list the documented routes marked <c>AllowAnonymous</c> (vendor webhooks and
    /// media streams, authenticated by signatures and tokens instead of API keys); the key, scope and tenancy matrices
    /// leave them out.</param>
    public static IReadOnlyList<ApiRoute> All(IServiceProvider services, bool includeAnonymous = false) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            // Routes that authenticate otherwise (a web call's stream takes its own access token, a vendor webhook its
            // signature) are not API-key routes.
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null
                || (includeAnonymous && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => new ApiRoute(
                m,
                e.RoutePattern.RawText!.TrimEnd('/'),
                e.Metadata.GetMetadata<RequiredScopeMetadata>()?.Scope,
                e.Metadata.GetMetadata<ApiShapeMetadata>()?.Shape ?? ApiShape.None)))
            .ToList();
}

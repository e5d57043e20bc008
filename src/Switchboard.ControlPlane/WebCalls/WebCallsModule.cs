using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Idempotency;

namespace Switchboard.ControlPlane.WebCalls;

/// <summary>Web calls: the token API, the WebSocket stream and the browser test page at <c>/call</c>.</summary>
internal static class WebCallsModule
{
    public static IServiceCollection AddWebCalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebCallOptions>().Bind(configuration.GetSection(WebCallOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new WebCallTokens(
            WebCallKeySource.Resolve(sp.GetRequiredService<IOptions<WebCallOptions>>().Value, sp.GetRequiredService<IOptions<SwitchboardOptions>>().Value),
            sp.GetRequiredService<IOptions<WebCallOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<IdempotentRequests>();
        return services;
    }

    /// <summary>The API routes under <paramref name="api"/> and the test page at <c>/call</c>.</summary>
    public static void MapWebCalls(this IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        api.MapWebCallEndpoints();
        WebCallPage.Map(app);
    }
}

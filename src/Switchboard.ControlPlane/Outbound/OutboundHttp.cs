using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Switchboard.ControlPlane.Outbound;

/// <summary>
/// The one HTTP pipeline for URLs customers typed (webhooks, HTTP functions). Get it with
/// <c>IHttpClientFactory.CreateClient(OutboundHttp.ClientName)</c>. It connects only to public addresses (or
/// allow-listed ones), never follows redirects, uses no proxy and no cookies, and throws
/// <see cref="OutboundRequestRefusedException"/> when it refuses.
/// </summary>
internal static class OutboundHttp
{
    public const string ClientName = "outbound";

    /// <summary>
    /// The same pipeline for HTTP functions, without HttpClientFactory's request logging: a function's URL path can
    /// carry a secret (<c>{{secret.NAME}}</c>), and that logging writes the path in clear.
    /// </summary>
    public const string FunctionsClientName = "outbound-functions";

    public static IServiceCollection AddOutboundHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboundOptions>().Bind(configuration.GetSection(OutboundOptions.Section));
        services.TryAddSingleton<IOutboundResolver, SystemOutboundResolver>();
        services.TryAddSingleton<OutboundGuard>();
        services.TryAddTransient<OutboundGuardHandler>();
        services.AddHttpClient(ClientName, c =>
            {
                // Callers bound each request with their own token (webhooks: 15 s); this is only a backstop.
                c.Timeout = TimeSpan.FromSeconds(100);
                c.DefaultRequestHeaders.UserAgent.ParseAdd("Switchboard-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .AddHttpMessageHandler<OutboundGuardHandler>();
        services.AddHttpClient(FunctionsClientName, c =>
            {
                // Each function call is bounded by its own timeout (at most 120 s); this is only a backstop.
                c.Timeout = TimeSpan.FromSeconds(130);
                c.DefaultRequestHeaders.UserAgent.ParseAdd("Switchboard-Functions/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .AddHttpMessageHandler<OutboundGuardHandler>()
            .RemoveAllLoggers();
        return services;
    }

    private static SocketsHttpHandler CreatePrimaryHandler(IServiceProvider sp)
    {
        var guard = sp.GetRequiredService<OutboundGuard>();
        var options = sp.GetRequiredService<IOptions<OutboundOptions>>().Value;
        return new SocketsHttpHandler
        {
            ConnectCallback = guard.ConnectAsync,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, options.ConnectTimeoutSeconds)),
            AllowAutoRedirect = false,
            // A proxy would make the connection to itself, after our check, to whatever the name means there.
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
    }
}

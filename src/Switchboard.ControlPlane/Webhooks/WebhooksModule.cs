using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.ControlPlane.Outbound;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>Registration of the webhooks feature: its services, its dispatcher and its routes.</summary>
internal static class WebhooksModule
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.RequestTimeoutSeconds >= 1 && o.LeaseSeconds > o.RequestTimeoutSeconds,
                "Webhooks:RequestTimeoutSeconds must be at least 1 and Webhooks:LeaseSeconds longer than it: a claim must outlive the request it covers.")
            .Validate(o => o.BatchSize >= 1 && o.MaxPerChannel >= 1 && o.MaxParallelChannels >= 1 && o.PollIntervalMs >= 1 && o.FastPathWorkers >= 0,
                "Webhooks:BatchSize, MaxPerChannel, MaxParallelChannels and PollIntervalMs must be at least 1, and FastPathWorkers at least 0.")
            .ValidateOnStart();
        services.AddOutboundHttp(configuration);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value;
            return new WebhookSignal(Math.Max(1, options.FastPathWorkers)) { FastPathEnabled = options.FastPathWorkers > 0 };
        });
        services.TryAddSingleton<WebhookOutbox>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddDocumentTransformer<WebhookEventsDocument>());
        return services;
    }

    public static void MapWebhookEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks");
        AgentWebhookSecretRoutes.Map(group);
        WebhookEndpointRoutes.Map(group);
        WebhookDeliveryRoutes.Map(group);
    }
}

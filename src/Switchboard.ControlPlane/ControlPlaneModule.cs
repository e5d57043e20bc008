using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;
using Switchboard.ControlPlane.Agents;
using Switchboard.ControlPlane.Analysis;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Functions;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Http.RateLimiting;
using Switchboard.ControlPlane.Ivr;
using Switchboard.ControlPlane.LiveCalls;
using Switchboard.ControlPlane.Operations;
using Switchboard.ControlPlane.PhoneNumbers;
using Switchboard.ControlPlane.Secrets;
using Switchboard.ControlPlane.Telephony;
using Switchboard.ControlPlane.Telephony.Twilio;
using Switchboard.ControlPlane.Tenancy;
using Switchboard.ControlPlane.WebCalls;
using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.ControlPlane;

/// <summary>The REST API, its data and its operations endpoints.</summary>
public static class ControlPlaneModule
{
    public static IServiceCollection AddControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SwitchboardOptions>()
            .Bind(configuration.GetSection(SwitchboardOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = configuration.GetSection(SwitchboardOptions.Section).Get<SwitchboardOptions>() ?? new SwitchboardOptions();
        services.AddOptions<LlmOptions>().Bind(configuration.GetSection(LlmOptions.Section));

        services.TryAddSingleton(TimeProvider.System);
        // No AddHttpContextAccessor here or in any module: while it is registered, ASP.NET Core does not reuse
        // HttpContext objects between requests. Audit gets its request from AuditRequest instead.
        services.AddScoped<TenantContext>();

        var (provider, connectionString) = DatabaseSetup.Resolve(configuration, options);
        services.AddSwitchboardDatabase(provider, connectionString);
        services.AddAgents(configuration, provider, connectionString);

        services.AddSingleton(sp => new ApiKeyHasher(PepperSource.Resolve(sp.GetRequiredService<IOptions<SwitchboardOptions>>().Value)));
        services.AddScoped<ApiKeyIssuer>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddScoped<AuditRequest>();
        services.AddScoped<AuditTrail>();
        services.AddIvr(configuration);
        services.AddFunctions(configuration);
        services.AddSingleton<UsageRecorder>();
        services.AddHostedService<UsageFlushService>();
        services.AddCalls(configuration);
        services.AddLiveCalls(configuration);
        services.AddTelephony(configuration);
        services.AddWebCalls(configuration);
        services.AddTwilioTelephony(configuration);
        services.AddWebhooks(configuration);
        services.AddAnalysis(configuration);
        services.AddPhoneNumbers(configuration);
        services.AddSecrets(configuration);

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();

        services.ConfigureHttpJsonOptions(o => JsonDefaults.Apply(o.SerializerOptions));
        // Binding failures become exceptions so ApiExceptionHandler can say exactly what was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddSwitchboardProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();

        services.AddOpenApi("v1", o => o.AddDocumentTransformer<OpenApiDocumentInfo>().AddOperationTransformer<OpenApiExamples>());

        services.AddHealthChecks().AddDbContextCheck<SwitchboardDbContext>("database", tags: ["ready"]);
        services.AddSingleton<SwitchboardMetrics>();
        services.AddRateLimitStores(configuration.GetConnectionString("Redis"));
        services.AddOpenTelemetry().WithMetrics(m => m
            // The hosting meter (request count and duration), Kestrel's and the exception counter; not the routing meter
            // that AddAspNetCoreInstrumentation also enables, whose match counter costs a tagged add on every request.
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics")
            .AddMeter(SwitchboardMetrics.MeterName, RateLimitMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>The middleware pipeline and every route of the control plane.</summary>
    public static WebApplication UseControlPlane(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.UseRouting();
        // Not UseAuthentication(): API keys are checked by this lighter middleware (same outcome, far less per request).
        app.UseMiddleware<ApiKeyAuthenticationMiddleware>();
        app.UseMiddleware<RateLimitingMiddleware>();
        // Scopes (every API-key route) are checked from endpoint metadata; UseAuthorization stays for anything that
        // declares an ordinary authorization policy.
        app.UseMiddleware<ScopeAuthorizationMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<UsageMiddleware>();

        var api = app.MapGroup("/api/v1");
        api.MapApiKeyEndpoints();
        api.MapAgentEndpoints();
        api.MapAuditEndpoints();
        api.MapIvrMenuEndpoints();
        api.MapFunctionEndpoints();
        api.MapCallEndpoints();
        api.MapAnalysisEndpoints();
        api.MapLiveCallEndpoints();
        app.MapWebCalls(api);
        api.MapTwilioTelephonyEndpoints();
        api.MapWebhookEndpoints();
        api.MapPhoneNumberEndpoints();
        api.MapPhoneCallEndpoints();
        api.MapSecretEndpoints();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithTags("Operations");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).WithTags("Operations");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/api/docs.json");
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Switchboard API").WithOpenApiRoutePattern("/api/docs.json"));
        return app;
    }
}

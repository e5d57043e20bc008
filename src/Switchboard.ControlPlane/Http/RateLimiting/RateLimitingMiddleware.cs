using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Operations;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// The four strategies: a verified key is limited per key, per organization and, on expensive routes, per
/// endpoint; everything else (no key, or a key that failed) per client IP. Runs after authentication so it
/// knows which applies, and before authorization so a flood of forbidden calls is throttled too. Every
/// response carries the RateLimit headers; a refusal is 429 problem+json with <c>Retry-After</c>.
/// </summary>
internal sealed class RateLimitingMiddleware(
    RequestDelegate next,
    RateLimitEvaluator evaluator,
    IQuotaStore quotas,
    IOptionsMonitor<SwitchboardOptions> options,
    SwitchboardMetrics metrics,
    IProblemDetailsService problems,
    TimeProvider time)
{
    public const string KeyPolicy = "key";
    public const string OrganizationPolicy = "org";
    public const string IpPolicy = "ip";
    public const string EndpointPolicy = "endpoint";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string, int), RateLimitRule> _rules = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsLimited(context.Request.Path))
        {
            await next(context);
            return;
        }

        var limits = options.CurrentValue.RateLimits;
        var key = context.Features.Get<AuthenticatedKey>();
        var targets = new List<RateLimitTarget>(3);
        if (key is not null)
        {
            targets.Add(new(Rule(KeyPolicy, key.RateLimitPerMinute ?? limits.PerKeyPerMinute), RateLimitPartitions.ForApiKey(key.KeyId)));
            targets.Add(new(Rule(OrganizationPolicy, limits.PerOrganizationPerMinute), RateLimitPartitions.ForOrganization(key.OrganizationId)));
            if (context.GetEndpoint()?.Metadata.GetMetadata<EndpointRateLimitMetadata>() is { } endpoint)
            {
                var perMinute = limits.Endpoints.TryGetValue(endpoint.Policy, out var configured) ? configured : endpoint.DefaultPerMinute;
                targets.Add(new(Rule(EndpointPolicy, perMinute), RateLimitPartitions.ForEndpoint(endpoint.Policy, key.OrganizationId)));
            }
        }
        else
        {
            var ip = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
            targets.Add(new(Rule(IpPolicy, limits.PerIpPerMinute), RateLimitPartitions.ForClientIp(ip)));
        }

        var decision = await evaluator.EvaluateAsync(targets, context.RequestAborted);
        RateLimitHeaders.Apply(context.Response, decision, targets);
        if (!decision.IsAllowed)
        {
            metrics.RateLimitRejected(decision.PolicyName);
            await RefuseAsync(context, 429, ErrorCodes.RateLimited, "Too many requests",
                $"The '{decision.PolicyName}' limit of {decision.Limit} requests per minute is used up; retry after the Retry-After delay.");
            return;
        }

        if (key?.MonthlyQuota is { } quota)
        {
            var month = QuotaMonth.Current(time);
            var used = await quotas.IncrementAsync(key.KeyId, month, context.RequestAborted);
            if (used > quota)
            {
                metrics.RateLimitRejected("quota");
                context.Response.Headers.RetryAfter = RateLimitHeaders.FormatRetryAfter(month.EndUtc - time.GetUtcNow());
                await RefuseAsync(context, 429, ErrorCodes.QuotaExceeded, "Monthly quota exceeded",
                    $"This API key's monthly quota of {quota} requests is used up until {month.EndUtc:yyyy-MM-dd} UTC.");
                return;
            }
        }

        await next(context);
    }

    // Health probes and metric scrapes must keep answering while a client is throttled.
    private static bool IsLimited(PathString path) =>
        !path.StartsWithSegments("/health", StringComparison.Ordinal) && !path.StartsWithSegments("/metrics", StringComparison.Ordinal);

    private RateLimitRule Rule(string name, int perMinute) =>
        _rules.GetOrAdd((name, perMinute), static k => new RateLimitRule(k.Item1, k.Item2, Minute));

    private async Task RefuseAsync(HttpContext context, int status, string code, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}

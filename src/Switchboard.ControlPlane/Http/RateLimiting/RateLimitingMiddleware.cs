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
    // Per-request strings that only depend on the key or on the rules, built once: the limiter runs on every call.
    private const int MaxCachedKeys = 10_000;
    private readonly ConcurrentDictionary<(string, int), RateLimitRule> _rules = new();
    private readonly ConcurrentDictionary<string, (string Key, string Organization)> _keyPartitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(RateLimitRule, RateLimitRule, RateLimitRule?), string> _policies = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsLimited(context.Request.Path))
        {
            await next(context);
            return;
        }

        var limits = options.CurrentValue.RateLimits;
        var key = context.Features.Get<AuthenticatedKey>();
        RateLimitTarget[] targets;
        string policies;
        if (key is not null)
        {
            var (keyPartition, organizationPartition) = KeyPartitions(key);
            var keyRule = Rule(KeyPolicy, key.RateLimitPerMinute ?? limits.PerKeyPerMinute);
            var organizationRule = Rule(OrganizationPolicy, limits.PerOrganizationPerMinute);
            if (context.GetEndpoint()?.Metadata.GetMetadata<EndpointRateLimitMetadata>() is { } endpoint)
            {
                var perMinute = limits.Endpoints.TryGetValue(endpoint.Policy, out var configured) ? configured : endpoint.DefaultPerMinute;
                var endpointRule = Rule(EndpointPolicy, perMinute);
                targets = [new(keyRule, keyPartition), new(organizationRule, organizationPartition),
                    new(endpointRule, RateLimitPartitions.ForEndpoint(endpoint.Policy, key.OrganizationId))];
                policies = Policies(keyRule, organizationRule, endpointRule, targets);
            }
            else
            {
                targets = [new(keyRule, keyPartition), new(organizationRule, organizationPartition)];
                policies = Policies(keyRule, organizationRule, null, targets);
            }
        }
        else
        {
            var ip = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
            targets = [new(Rule(IpPolicy, limits.PerIpPerMinute), RateLimitPartitions.ForClientIp(ip))];
            policies = RateLimitHeaders.FormatPolicy(targets[0].Rule);
        }

        var decision = await evaluator.EvaluateAsync(targets, context.RequestAborted);
        RateLimitHeaders.Apply(context.Response, decision, policies);
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

    private (string Key, string Organization) KeyPartitions(AuthenticatedKey key)
    {
        if (_keyPartitions.TryGetValue(key.KeyId, out var cached) && cached.Organization.AsSpan(4).SequenceEqual(key.OrganizationId)) return cached;
        // A crude bound, like the key cache's: far more live keys than this on one node is not a real deployment.
        if (_keyPartitions.Count >= MaxCachedKeys) _keyPartitions.Clear();
        var built = (RateLimitPartitions.ForApiKey(key.KeyId), RateLimitPartitions.ForOrganization(key.OrganizationId));
        _keyPartitions[key.KeyId] = built;
        return built;
    }

    private string Policies(RateLimitRule keyRule, RateLimitRule organizationRule, RateLimitRule? endpointRule, RateLimitTarget[] targets) =>
        _policies.GetOrAdd((keyRule, organizationRule, endpointRule), static (_, t) => RateLimitHeaders.FormatPolicies(t), targets);

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

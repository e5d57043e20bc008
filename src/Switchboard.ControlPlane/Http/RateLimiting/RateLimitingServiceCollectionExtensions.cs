using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>Registers the rate-limit and quota stores: in-process by default, Redis when a connection string is given.</summary>
internal static class RateLimitingServiceCollectionExtensions
{
    /// <summary>Default prefix for Redis keys.</summary>
    public const string DefaultKeyPrefix = "switchboard:";

    /// <summary>
    /// Adds <see cref="IRateLimitStore"/>, <see cref="IQuotaStore"/>, <see cref="RateLimitEvaluator"/> and
    /// <see cref="RateLimitMetrics"/> as singletons.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="redisConnectionString">
    /// StackExchange.Redis configuration string (e.g. <c>redis:6379,password=...</c>); null or empty keeps the
    /// counters in this process. An <see cref="IConnectionMultiplexer"/> already registered (for pub/sub, say) is
    /// reused; otherwise one is created that does not abort when Redis is down at start, so the stores fail open
    /// and recover when it comes back.
    /// </param>
    /// <param name="keyPrefix">Prefix for Redis keys.</param>
    /// <exception cref="ArgumentException">The connection string cannot be parsed.</exception>
    public static IServiceCollection AddRateLimitStores(this IServiceCollection services, string? redisConnectionString, string keyPrefix = DefaultKeyPrefix)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RateLimitMetrics>();
        services.TryAddSingleton<RateLimitEvaluator>();

        if (string.IsNullOrWhiteSpace(redisConnectionString))
        {
            services.TryAddSingleton<IRateLimitStore>(sp => new InMemoryRateLimitStore(sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<IQuotaStore>(sp => new InMemoryQuotaStore(sp.GetRequiredService<TimeProvider>()));
            return services;
        }

        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(redisConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException("The Redis connection string for rate limiting is not valid.", nameof(redisConnectionString), ex);
        }

        options.AbortOnConnectFail = false;
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        services.TryAddSingleton<IRateLimitStore>(sp => new RedisRateLimitStore(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            keyPrefix,
            sp.GetRequiredService<ILogger<RedisRateLimitStore>>(),
            sp.GetRequiredService<RateLimitMetrics>()));
        services.TryAddSingleton<IQuotaStore>(sp => new RedisQuotaStore(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            keyPrefix,
            sp.GetRequiredService<ILogger<RedisQuotaStore>>(),
            sp.GetRequiredService<RateLimitMetrics>()));
        return services;
    }
}

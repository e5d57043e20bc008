using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Switchboard.ControlPlane.Http.RateLimiting;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

public sealed class RateLimitingServiceCollectionExtensionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_redis_the_stores_are_in_process(string? connectionString)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddRateLimitStores(connectionString);
        using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemoryRateLimitStore>(provider.GetRequiredService<IRateLimitStore>());
        Assert.IsType<InMemoryQuotaStore>(provider.GetRequiredService<IQuotaStore>());
        Assert.NotNull(provider.GetRequiredService<RateLimitEvaluator>());
        Assert.Null(provider.GetService<IConnectionMultiplexer>());
    }

    [Fact]
    public void With_redis_the_stores_share_one_connection()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddRateLimitStores("127.0.0.1:1,connectTimeout=200,connectRetry=0");
        using var provider = services.BuildServiceProvider();

        Assert.IsType<RedisRateLimitStore>(provider.GetRequiredService<IRateLimitStore>());
        Assert.IsType<RedisQuotaStore>(provider.GetRequiredService<IQuotaStore>());
        Assert.Same(provider.GetRequiredService<IConnectionMultiplexer>(), provider.GetRequiredService<IConnectionMultiplexer>());
    }

    [Fact]
    public void Unparseable_connection_string_is_reported_clearly()
    {
        var services = new ServiceCollection();
        var ex = Assert.Throws<ArgumentException>(() => services.AddRateLimitStores("127.0.0.1:6379,notAnOption=1"));
        Assert.Equal("redisConnectionString", ex.ParamName);
    }
}

using StackExchange.Redis;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

/// <summary>
/// Connections to the test Redis plus a key prefix unique to one test; disposing deletes that test's keys.
/// </summary>
internal sealed class RedisTestContext : IAsyncDisposable
{
    public const string AddressVariable = "SWITCHBOARD_TEST_REDIS";

    private readonly List<ConnectionMultiplexer> _connections = [];

    private RedisTestContext()
    {
        Prefix = $"sbtest:{Guid.NewGuid():N}:";
    }

    public static string? Address =>
        Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } value ? value : null;

    public static bool ServicesRequired =>
        Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REQUIRE_SERVICES") == "1";

    public string Prefix { get; }

    public static RedisTestContext Create()
    {
        if (Address is null)
        {
            throw new InvalidOperationException(
                $"SWITCHBOARD_TEST_REQUIRE_SERVICES=1 but {AddressVariable} is not set; start redis-server and set it to host:port.");
        }

        return new RedisTestContext();
    }

    /// <summary>A new, independent connection: each one stands for a separate server node.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(Address!);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = true;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        _connections.Add(connection);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connections.Count > 0)
        {
            var connection = _connections[0];
            foreach (var endpoint in connection.GetEndPoints())
            {
                var server = connection.GetServer(endpoint);
                await foreach (var key in server.KeysAsync(pattern: Prefix + "*"))
                {
                    await connection.GetDatabase().KeyDeleteAsync(key);
                }
            }
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Functions;

/// <summary>
/// One server per database provider for HTTP function tests: loopback allow-listed (Outbound:AllowedHosts) so
/// functions can reach the tests' receivers, and virtual time so a timeout happens when the test says.
/// </summary>
public sealed class HttpFunctionHosts : IAsyncLifetime
{
    private readonly Dictionary<string, Task<TestServerInstance>> _servers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Task<TestServerInstance> GetAsync(string provider)
    {
        lock (_lock)
        {
            if (!_servers.TryGetValue(provider, out var server))
            {
                _servers[provider] = server = TestServerInstance.StartAsync(provider,
                    new Dictionary<string, string?> { ["Outbound:AllowedHosts:0"] = "127.0.0.1", ["Webhooks:DispatcherEnabled"] = "false" },
                    b => b.Services.AddSingleton<TimeProvider>(Time));
            }
            return server;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values) await (await server).DisposeAsync();
    }
}

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>One long-lived server per database provider, shared by the API tests (each test uses its own organizations).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly Dictionary<string, Task<TestServerInstance>> _servers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<TestServerInstance> GetAsync(string provider)
    {
        lock (_lock)
        {
            if (!_servers.TryGetValue(provider, out var server))
            {
                _servers[provider] = server = TestServerInstance.StartAsync(provider);
            }
            return server;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await (await server).DisposeAsync();
        }
    }
}

using Microsoft.Extensions.Logging;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task Logs_never_contain_api_keys_even_at_trace_level()
    {
        var capture = new CapturingLoggerProvider();
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite,
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
            configure: b =>
            {
                b.Logging.AddProvider(capture);
                b.Logging.SetMinimumLevel(LogLevel.Trace);
            });
        var key = await server.CreateKeyAsync();
        var created = await (await key.Client.PostJsonAsync("/api/v1/api-keys", """{"name":"x","scopes":["*"]}""")).JsonAsync();
        var secret = (string)created["key"]!;
        var rotated = await (await key.Client.PostJsonAsync($"/api/v1/api-keys/{created["id"]}/rotate", "{}")).JsonAsync();
        await server.CreateClient(secret).GetAsync("/api/v1/agents");                       // rotated out: refused
        await server.CreateClient((string)rotated["key"]!).GetAsync("/api/v1/agents");      // accepted
        await server.CreateClient(key.Secret[..^1] + "x").GetAsync("/api/v1/agents");      // malformed
        await key.Client.GetAsync("/api/v1/agents");

        Assert.NotEmpty(capture.Lines);
        Assert.Contains(capture.Lines, l => l.StartsWith("Debug", StringComparison.Ordinal) || l.StartsWith("Trace", StringComparison.Ordinal));
        foreach (var line in capture.Lines)
        {
            foreach (var s in new[] { key.Secret, secret, (string)rotated["key"]!, key.Secret[..^1] + "x" })
                Assert.False(line.Contains(s[8..], StringComparison.Ordinal), "A log line contains an API key: " + line);
        }
    }
}

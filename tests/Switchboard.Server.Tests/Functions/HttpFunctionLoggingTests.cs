using Microsoft.Extensions.Logging;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Functions;

public sealed class HttpFunctionLoggingTests
{
    /// <summary>Secrets sent in the URL path, the query and headers never reach the server's logs, even at trace level.</summary>
    [Fact]
    public async Task Server_logs_never_contain_a_functions_secrets_even_at_trace_level()
    {
        const string InPath = "path-secret-5d1c9a";
        const string InQuery = "query-secret-77e0b3";
        const string InHeader = "header-secret-0a9f41";
        var capture = new CapturingLoggerProvider();
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite,
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace", ["Outbound:AllowedHosts:0"] = "127.0.0.1" },
            configure: b =>
            {
                b.Logging.AddProvider(capture);
                b.Logging.SetMinimumLevel(LogLevel.Trace);
            });
        await using var receiver = await FunctionReceiver.StartAsync();
        var key = await server.CreateKeyAsync();
        await HttpFunctionTests.CreateSecretAsync(key.Client, "IN_PATH", InPath);
        await HttpFunctionTests.CreateSecretAsync(key.Client, "IN_QUERY", InQuery);
        await HttpFunctionTests.CreateSecretAsync(key.Client, "IN_HEADER", InHeader);
        var id = await HttpFunctionTests.CreateAsync(key.Client, $$$$"""
            {"name":"leaky","kind":"http","http":{"method":"GET","url":"{{{{receiver.BaseUrl}}}}/t/{{secret.IN_PATH}}",
             "query":{"k":"{{secret.IN_QUERY}}"},"headers":{"Authorization":"Bearer {{secret.IN_HEADER}}"}}}
            """);
        Assert.Equal("succeeded", (string?)(await HttpFunctionTests.TestAsync(key.Client, id, "{}"))["status"]);
        Assert.Equal($"/t/{InPath}?k={InQuery}", Assert.Single(receiver.Received).RawTarget);

        Assert.NotEmpty(capture.Lines);
        foreach (var line in capture.Lines)
        {
            foreach (var secret in new[] { InPath, InQuery, InHeader })
                Assert.False(line.Contains(secret, StringComparison.Ordinal), "A log line contains a secret: " + line);
        }
    }
}

using System.Net;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

public sealed class OperationsTests
{
    [Fact]
    public async Task Health_endpoints_answer_and_ready_checks_the_database()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite);
        var client = server.CreateClient();
        Assert.Equal("Healthy", await (await client.GetAsync("/health/live")).Content.ReadAsStringAsync());
        Assert.Equal("Healthy", await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_fails_when_the_database_is_unreachable()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Switchboard"] = "Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2",
        };
        var app = ServerHost.Build(settings.Select(s => $"--{s.Key}={s.Value}").Append("--Switchboard:DataDirectory=" + Path.Combine(Path.GetTempPath(), "sb-" + Guid.NewGuid().ToString("N"))).ToArray(),
            quiet: true, configure: b => Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.UseTestServer(b.WebHost));
        await app.StartAsync();
        try
        {
            var client = Microsoft.AspNetCore.TestHost.HostBuilderTestServerExtensions.GetTestClient(app);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);

            // A request that needs the database fails as a 500 problem that says nothing of the server's insides.
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Support.KeyFactory.WellFormedUnknownKey());
            var response = await client.GetAsync("/api/v1/agents");
            var problem = await response.ProblemAsync(500, "internal_error");
            var body = problem.ToJsonString();
            Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Metrics_show_request_latency_and_rate_limit_rejections()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite);
        var key = await server.CreateKeyAsync(ratePerMinute: 1);
        await key.Client.GetAsync("/api/v1/agents");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await key.Client.GetAsync("/api/v1/agents")).StatusCode);

        var text = await (await server.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/v1/agents/\"", text, StringComparison.Ordinal);
        Assert.Contains("switchboard_rate_limit_rejections", text, StringComparison.Ordinal);
        Assert.Contains("strategy=\"key\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, text, StringComparison.Ordinal);
    }
}

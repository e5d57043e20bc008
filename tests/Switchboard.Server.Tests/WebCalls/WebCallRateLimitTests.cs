using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.WebCalls;

/// <summary>The stream is not API-key authenticated, so it is limited per client IP.</summary>
public sealed class WebCallRateLimitTests : IAsyncLifetime
{
    private TestServerInstance _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?> { ["Switchboard:RateLimits:PerIpPerMinute"] = "3" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Guessing_tokens_is_throttled_per_ip()
    {
        var anonymous = _server.CreateClient();
        for (var i = 0; i < 3; i++)
            await (await anonymous.GetAsync($"/api/v1/calls/call_guess{i}/stream?access_token=guess")).ProblemAsync(401, "invalid_access_token");
        var throttled = await anonymous.GetAsync("/api/v1/calls/call_guess/stream?access_token=guess");
        await throttled.ProblemAsync(429, "rate_limited");
        Assert.True(throttled.Headers.RetryAfter is not null);
    }
}

using Microsoft.AspNetCore.Http;
using Switchboard.ControlPlane.Http.RateLimiting;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

public sealed class RateLimitHeadersTests
{
    private static readonly RateLimitRule PerKey = new("perkey", 100, TimeSpan.FromSeconds(60));

    [Fact]
    public void Allowed_decision_writes_policy_and_service_limit_but_no_retry_after()
    {
        var context = new DefaultHttpContext();
        var decision = new RateLimitDecision(PerKey, true, 42, TimeSpan.FromSeconds(17), TimeSpan.Zero);

        RateLimitHeaders.Apply(context.Response, decision);

        Assert.Equal("\"perkey\";q=100;w=60", context.Response.Headers["RateLimit-Policy"].ToString());
        Assert.Equal("\"perkey\";r=42;t=17", context.Response.Headers["RateLimit"].ToString());
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
    }

    [Fact]
    public void Denied_decision_rounds_up_and_retry_after_matches_the_effective_window()
    {
        var context = new DefaultHttpContext();
        var wait = TimeSpan.FromSeconds(6) + TimeSpan.FromTicks(1);
        var decision = new RateLimitDecision(PerKey, false, 0, wait, wait);

        RateLimitHeaders.Apply(context.Response, decision);

        Assert.Equal("7", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("\"perkey\";r=0;t=7", context.Response.Headers["RateLimit"].ToString());
        Assert.Equal("\"perkey\";q=100;w=60", context.Response.Headers["RateLimit-Policy"].ToString());
    }

    [Fact]
    public void Apply_replaces_earlier_values()
    {
        var context = new DefaultHttpContext();
        context.Response.Headers["RateLimit"] = "\"old\";r=1;t=1";
        RateLimitHeaders.Apply(context.Response, new RateLimitDecision(PerKey, true, 3, TimeSpan.FromSeconds(1), TimeSpan.Zero));
        Assert.Equal("\"perkey\";r=3;t=1", Assert.Single(context.Response.Headers["RateLimit"]));
    }

    [Fact]
    public void Fail_open_decision_writes_nothing()
    {
        var context = new DefaultHttpContext();
        RateLimitHeaders.Apply(context.Response, RateLimitDecision.FailOpen(PerKey));
        Assert.Empty(context.Response.Headers);
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(1, "1")]
    [InlineData(10_000_000, "1")]
    [InlineData(10_000_001, "2")]
    [InlineData(600_000_000, "60")]
    public void Retry_after_is_whole_seconds_rounded_up_and_never_zero(long ticks, string expected)
    {
        Assert.Equal(expected, RateLimitHeaders.FormatRetryAfter(TimeSpan.FromTicks(ticks)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-5, 0)]
    [InlineData(1, 1)]
    [InlineData(9_999_999, 1)]
    [InlineData(10_000_000, 1)]
    [InlineData(36_000 * 10_000_000L, 36_000)]
    public void Effective_window_is_rounded_up(long ticks, long expected)
    {
        Assert.Equal(expected, RateLimitHeaders.CeilingSeconds(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void Policy_names_are_escaped_as_structured_field_strings()
    {
        var rule = new RateLimitRule("a\"b\\c", 5, TimeSpan.FromDays(1));
        Assert.Equal("\"a\\\"b\\\\c\";q=5;w=86400", RateLimitHeaders.FormatPolicy(rule));
    }

    [Fact]
    public async Task Headers_from_a_real_store_sequence_are_exact()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var store = new InMemoryRateLimitStore(time);
        var rule = new RateLimitRule("perkey", 5, TimeSpan.FromSeconds(60));
        RateLimitDecision decision = null!;
        for (int i = 0; i < 6; i++)
        {
            decision = await store.AcquireAsync(rule, "key:key_h", CancellationToken.None);
        }

        time.Advance(TimeSpan.FromSeconds(4.5));
        decision = await store.AcquireAsync(rule, "key:key_h", CancellationToken.None);
        var context = new DefaultHttpContext();
        RateLimitHeaders.Apply(context.Response, decision);

        Assert.Equal("\"perkey\";q=5;w=60", context.Response.Headers["RateLimit-Policy"].ToString());
        Assert.Equal("\"perkey\";r=0;t=8", context.Response.Headers["RateLimit"].ToString());
        Assert.Equal("8", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public void All_applicable_policies_can_be_advertised_while_rate_limit_describes_the_reported_one()
    {
        var perOrg = new RateLimitRule("perorg", 1000, TimeSpan.FromHours(1));
        var context = new DefaultHttpContext();
        var decision = new RateLimitDecision(PerKey, true, 42, TimeSpan.FromSeconds(17), TimeSpan.Zero);
        RateLimitTarget[] targets = [new(PerKey, "key:key_a"), new(perOrg, "org:org_a"), new(PerKey, "key:key_b")];

        RateLimitHeaders.Apply(context.Response, decision, targets);

        Assert.Equal("\"perkey\";q=100;w=60, \"perorg\";q=1000;w=3600", context.Response.Headers["RateLimit-Policy"].ToString());
        Assert.Equal("\"perkey\";r=42;t=17", context.Response.Headers["RateLimit"].ToString());

        var failOpen = new DefaultHttpContext();
        RateLimitHeaders.Apply(failOpen.Response, RateLimitDecision.FailOpen(PerKey), targets);
        Assert.Empty(failOpen.Response.Headers);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        var context = new DefaultHttpContext();
        Assert.Throws<ArgumentNullException>(() => RateLimitHeaders.Apply(null!, RateLimitDecision.FailOpen(PerKey)));
        Assert.Throws<ArgumentNullException>(() => RateLimitHeaders.Apply(context.Response, null!));
    }
}

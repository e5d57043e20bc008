using Switchboard.ControlPlane.Http.RateLimiting;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

public sealed class GcraTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void Fresh_partition_allows_a_full_burst_then_denies()
    {
        var rule = new RateLimitRule("perkey", 5, TimeSpan.FromMinutes(1));
        long? tat = null;
        for (int i = 0; i < 5; i++)
        {
            var (allowed, newTat, backlog) = Gcra.TryAcquire(tat, 0, rule);
            Assert.True(allowed);
            Assert.Equal((i + 1) * 12 * Second, backlog);
            tat = newTat;
        }

        var denied = Gcra.TryAcquire(tat, 0, rule);
        Assert.False(denied.Allowed);
        Assert.Equal(tat, denied.NewTat);
    }

    [Theory]
    // limit 5 per 60 s: one request every 12 s.
    [InlineData(true, 12, 4, 12, 0)]
    [InlineData(true, 60, 0, 12, 0)]
    [InlineData(false, 60, 0, 12, 12)]
    [InlineData(true, 53, 0, 5, 0)]
    [InlineData(true, 47, 1, 11, 0)]
    public void Decision_values_follow_from_the_backlog(bool allowed, long backlogSeconds, long remaining, long resetSeconds, long retrySeconds)
    {
        var rule = new RateLimitRule("perkey", 5, TimeSpan.FromMinutes(1));
        var decision = Gcra.ToDecision(rule, allowed, backlogSeconds * Second);
        Assert.Equal(allowed, decision.IsAllowed);
        Assert.Equal(remaining, decision.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(resetSeconds), decision.ResetAfter);
        Assert.Equal(TimeSpan.FromSeconds(retrySeconds), decision.RetryAfter);
    }

    [Fact]
    public void Denied_decision_retry_equals_time_until_next_permit()
    {
        var rule = new RateLimitRule("perkey", 5, TimeSpan.FromMinutes(1));
        long? tat = null;
        for (int i = 0; i < 5; i++)
        {
            tat = Gcra.TryAcquire(tat, 0, rule).NewTat;
        }

        var (allowed, _, backlog) = Gcra.TryAcquire(tat, 5 * Second, rule);
        var decision = Gcra.ToDecision(rule, allowed, backlog);

        Assert.False(decision.IsAllowed);
        Assert.Equal(TimeSpan.FromSeconds(7), decision.RetryAfter);
        Assert.Equal(decision.RetryAfter, decision.ResetAfter);
        Assert.True(Gcra.TryAcquire(tat, 12 * Second, rule).Allowed);
        Assert.False(Gcra.TryAcquire(tat, (12 * Second) - 1, rule).Allowed);
    }

    [Fact]
    public void Interval_that_does_not_divide_the_window_still_allows_exactly_the_limit()
    {
        // 60 s / 7 is not a whole number of microseconds; rounding the interval up must not lose the 7th request.
        var rule = new RateLimitRule("p", 7, TimeSpan.FromMinutes(1));
        Assert.Equal(8_571_429, rule.EmissionIntervalMicroseconds);
        long? tat = null;
        int allowedCount = 0;
        for (int i = 0; i < 20; i++)
        {
            var step = Gcra.TryAcquire(tat, 0, rule);
            if (step.Allowed)
            {
                allowedCount++;
            }

            tat = step.NewTat;
        }

        Assert.Equal(7, allowedCount);
    }

    [Fact]
    public void Large_limit_on_short_window_allows_exactly_the_limit()
    {
        var rule = new RateLimitRule("p", 1500, TimeSpan.FromSeconds(1));
        long? tat = null;
        int allowedCount = 0;
        for (int i = 0; i < 3000; i++)
        {
            var step = Gcra.TryAcquire(tat, 0, rule);
            allowedCount += step.Allowed ? 1 : 0;
            tat = step.NewTat;
        }

        Assert.Equal(1500, allowedCount);
    }
}

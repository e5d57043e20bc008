using Switchboard.ControlPlane.Http.RateLimiting;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

public sealed class RateLimitRuleTests
{
    [Fact]
    public void Valid_rule_exposes_its_values()
    {
        var rule = new RateLimitRule("perkey", 100, TimeSpan.FromSeconds(60));
        Assert.Equal("perkey", rule.Name);
        Assert.Equal(100, rule.PermitLimit);
        Assert.Equal(TimeSpan.FromSeconds(60), rule.Window);
        Assert.Equal(600_000, rule.EmissionIntervalMicroseconds);
        Assert.Equal("perkey: 100 per 60s", rule.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public void Limit_out_of_range_is_rejected(int limit)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimitRule("p", limit, TimeSpan.FromSeconds(1)));
        Assert.Equal("permitLimit", ex.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    [InlineData(1500)]
    [InlineData(-1000)]
    public void Window_that_is_not_whole_seconds_or_too_short_is_rejected(int milliseconds)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimitRule("p", 1, TimeSpan.FromMilliseconds(milliseconds)));
        Assert.Equal("window", ex.ParamName);
    }

    [Fact]
    public void Window_longer_than_31_days_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimitRule("p", 1, TimeSpan.FromDays(32)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\tname")]
    [InlineData("caf\u00e9")]
    public void Bad_names_are_rejected(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => new RateLimitRule(name, 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Null_and_overlong_names_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new RateLimitRule(null!, 1, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentException>(() => new RateLimitRule(new string('a', 65), 1, TimeSpan.FromSeconds(1)));
    }
}

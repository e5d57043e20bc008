using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Http.RateLimiting;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

public sealed class RateLimitEvaluatorTests
{
    private static readonly RateLimitRule PerKey = new("perkey", 10, TimeSpan.FromMinutes(1));
    private static readonly RateLimitRule PerOrg = new("perorg", 3, TimeSpan.FromMinutes(1));
    private static readonly RateLimitRule PerEndpoint = new("calls-create", 20, TimeSpan.FromMinutes(1));

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Reports_the_rule_with_the_fewest_remaining_when_all_allow()
    {
        var evaluator = new RateLimitEvaluator(new InMemoryRateLimitStore(_time));
        var decision = await evaluator.EvaluateAsync(Targets(), CancellationToken.None);
        Assert.True(decision.IsAllowed);
        Assert.Equal("perorg", decision.PolicyName);
        Assert.Equal(2, decision.Remaining);
    }

    [Fact]
    public async Task Reports_the_denying_rule_and_still_counts_the_others()
    {
        var store = new InMemoryRateLimitStore(_time);
        var evaluator = new RateLimitEvaluator(store);
        for (int i = 0; i < 3; i++)
        {
            Assert.True((await evaluator.EvaluateAsync(Targets(), CancellationToken.None)).IsAllowed);
        }

        var denied = await evaluator.EvaluateAsync(Targets(), CancellationToken.None);
        Assert.False(denied.IsAllowed);
        Assert.Equal("perorg", denied.PolicyName);
        Assert.Equal(TimeSpan.FromSeconds(20), denied.RetryAfter);

        // Four evaluations consumed four permits on the key rule, as documented.
        var perKey = await store.AcquireAsync(PerKey, "key:key_a", CancellationToken.None);
        Assert.Equal(10 - 5, perKey.Remaining);
    }

    [Fact]
    public async Task Among_several_denials_reports_the_longest_wait()
    {
        var store = new InMemoryRateLimitStore(_time);
        var slow = new RateLimitRule("slow", 1, TimeSpan.FromHours(1));
        var fast = new RateLimitRule("fast", 1, TimeSpan.FromSeconds(10));
        var evaluator = new RateLimitEvaluator(store);
        RateLimitTarget[] targets = [new(fast, "ip:192.0.2.1"), new(slow, "ip:192.0.2.1")];
        await evaluator.EvaluateAsync(targets, CancellationToken.None);

        var denied = await evaluator.EvaluateAsync(targets, CancellationToken.None);
        Assert.False(denied.IsAllowed);
        Assert.Equal("slow", denied.PolicyName);
        Assert.Equal(TimeSpan.FromHours(1), denied.RetryAfter);
    }

    [Fact]
    public void Ties_on_remaining_go_to_the_longer_reset_and_fail_open_loses_to_real_data()
    {
        var shortReset = new RateLimitDecision(PerKey, true, 2, TimeSpan.FromSeconds(5), TimeSpan.Zero);
        var longReset = new RateLimitDecision(PerOrg, true, 2, TimeSpan.FromSeconds(9), TimeSpan.Zero);
        Assert.True(RateLimitEvaluator.IsMoreRestrictive(longReset, shortReset));
        Assert.False(RateLimitEvaluator.IsMoreRestrictive(shortReset, longReset));

        var failOpen = RateLimitDecision.FailOpen(PerEndpoint) with { Remaining = 0 };
        Assert.True(RateLimitEvaluator.IsMoreRestrictive(shortReset, failOpen));
        Assert.False(RateLimitEvaluator.IsMoreRestrictive(failOpen, shortReset));
    }

    [Fact]
    public async Task Invalid_target_lists_are_rejected()
    {
        var evaluator = new RateLimitEvaluator(new InMemoryRateLimitStore(_time));
        await Assert.ThrowsAsync<ArgumentException>(async () => await evaluator.EvaluateAsync([], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await evaluator.EvaluateAsync(null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await evaluator.EvaluateAsync([new(PerKey, "key:a"), new(PerKey, "key:b")], CancellationToken.None));
        Assert.Throws<ArgumentNullException>(() => new RateLimitEvaluator(null!));
    }

    private static RateLimitTarget[] Targets() =>
    [
        new(PerKey, RateLimitPartitions.ForApiKey("key_a")),
        new(PerOrg, RateLimitPartitions.ForOrganization("org_a")),
        new(PerEndpoint, RateLimitPartitions.ForEndpoint("calls-create", "key_a")),
    ];
}

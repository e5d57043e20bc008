using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Http.RateLimiting;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

public sealed class InMemoryRateLimitStoreTests
{
    private static readonly RateLimitRule FivePerMinute = new("perkey", 5, TimeSpan.FromMinutes(1));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Enforces_the_limit_exactly_and_reports_remaining()
    {
        var store = new InMemoryRateLimitStore(_time);
        for (int expectedRemaining = 4; expectedRemaining >= 0; expectedRemaining--)
        {
            var decision = await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None);
            Assert.True(decision.IsAllowed);
            Assert.Equal(expectedRemaining, decision.Remaining);
            Assert.Equal(TimeSpan.FromSeconds(12), decision.ResetAfter);
            Assert.Equal(TimeSpan.Zero, decision.RetryAfter);
            Assert.Same(FivePerMinute, decision.Rule);
        }

        var denied = await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None);
        Assert.False(denied.IsAllowed);
        Assert.Equal(0, denied.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(12), denied.RetryAfter);
        Assert.Equal(5, denied.Limit);
        Assert.Equal("perkey", denied.PolicyName);
    }

    [Fact]
    public async Task Denied_requests_do_not_consume_and_permits_return_at_the_emission_rate()
    {
        var store = new InMemoryRateLimitStore(_time);
        for (int i = 0; i < 5; i++)
        {
            await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None);
        }

        for (int i = 0; i < 10; i++)
        {
            Assert.False((await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None)).IsAllowed);
        }

        _time.Advance(TimeSpan.FromSeconds(5));
        var early = await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None);
        Assert.False(early.IsAllowed);
        Assert.Equal(TimeSpan.FromSeconds(7), early.RetryAfter);

        _time.Advance(TimeSpan.FromSeconds(7));
        var onTime = await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None);
        Assert.True(onTime.IsAllowed);
        Assert.Equal(0, onTime.Remaining);
        Assert.False((await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None)).IsAllowed);
    }

    [Fact]
    public async Task Full_window_of_idleness_restores_the_whole_burst()
    {
        var store = new InMemoryRateLimitStore(_time);
        for (int i = 0; i < 6; i++)
        {
            await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        int allowed = 0;
        for (int i = 0; i < 8; i++)
        {
            allowed += (await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None)).IsAllowed ? 1 : 0;
        }

        Assert.Equal(5, allowed);
    }

    [Fact]
    public async Task No_boundary_double_burst_unlike_fixed_windows()
    {
        var store = new InMemoryRateLimitStore(_time);
        _time.Advance(TimeSpan.FromSeconds(59));
        for (int i = 0; i < 5; i++)
        {
            Assert.True((await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None)).IsAllowed);
        }

        // Two seconds later a fixed-window counter would have reset; GCRA has restored nothing yet.
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False((await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None)).IsAllowed);
    }

    [Fact]
    public async Task Partitions_and_policies_are_independent()
    {
        var store = new InMemoryRateLimitStore(_time);
        var perOrg = new RateLimitRule("perorg", 1, TimeSpan.FromMinutes(1));
        Assert.True((await store.AcquireAsync(perOrg, "org:org_a", CancellationToken.None)).IsAllowed);
        Assert.False((await store.AcquireAsync(perOrg, "org:org_a", CancellationToken.None)).IsAllowed);
        Assert.True((await store.AcquireAsync(perOrg, "org:org_b", CancellationToken.None)).IsAllowed);

        var otherPolicySamePartition = new RateLimitRule("perorg-hour", 1, TimeSpan.FromHours(1));
        Assert.True((await store.AcquireAsync(otherPolicySamePartition, "org:org_a", CancellationToken.None)).IsAllowed);
    }

    [Fact]
    public void Concurrent_callers_never_get_more_than_the_limit()
    {
        var store = new InMemoryRateLimitStore(_time);
        var rule = new RateLimitRule("perkey", 100, TimeSpan.FromMinutes(1));
        int allowed = 0;
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var decision = store.AcquireAsync(rule, "key:key_hot", CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (decision.IsAllowed)
            {
                Interlocked.Increment(ref allowed);
            }
        });

        Assert.Equal(100, allowed);
    }

    [Fact]
    public async Task Concurrent_callers_under_eviction_pressure_never_exceed_the_limit_on_a_hot_partition()
    {
        // Tiny cap and many cold partitions force sweeps while the hot partition is being hammered.
        var store = new InMemoryRateLimitStore(_time, maxPartitions: 16);
        var rule = new RateLimitRule("perkey", 50, TimeSpan.FromMinutes(1));
        int hotAllowed = 0;
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            string partition = i % 2 == 0 ? "key:key_hot" : $"ip:10.0.{i / 256 % 256}.{i % 256}";
            var decision = store.AcquireAsync(rule, partition, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (i % 2 == 0 && decision.IsAllowed)
            {
                Interlocked.Increment(ref hotAllowed);
            }
        });

        Assert.Equal(50, hotAllowed);

        // Inserts racing a sweep may leave a few extra; the next uncontended call trims back under the cap.
        await store.AcquireAsync(rule, "ip:192.0.2.99", CancellationToken.None);
        Assert.InRange(store.PartitionCount, 1, 16);
    }

    [Fact]
    public async Task Flood_of_distinct_addresses_stays_under_the_cap()
    {
        var store = new InMemoryRateLimitStore(_time, maxPartitions: 100);
        var rule = new RateLimitRule("perip", 10, TimeSpan.FromMinutes(1));
        for (int i = 0; i < 10_000; i++)
        {
            await store.AcquireAsync(rule, $"ip:10.{i / 65536}.{i / 256 % 256}.{i % 256}", CancellationToken.None);
            Assert.InRange(store.PartitionCount, 1, 100);
        }
    }

    [Fact]
    public async Task Eviction_under_pressure_keeps_the_most_used_partition()
    {
        var store = new InMemoryRateLimitStore(_time, maxPartitions: 100);
        var rule = new RateLimitRule("perip", 10, TimeSpan.FromMinutes(1));
        for (int i = 0; i < 10; i++)
        {
            await store.AcquireAsync(rule, "ip:192.0.2.1", CancellationToken.None);
        }

        for (int i = 0; i < 5_000; i++)
        {
            await store.AcquireAsync(rule, $"ip:10.0.{i / 256 % 256}.{i % 256}", CancellationToken.None);
        }

        // The flood must not have reset the exhausted client's counter.
        Assert.False((await store.AcquireAsync(rule, "ip:192.0.2.1", CancellationToken.None)).IsAllowed);
    }

    [Fact]
    public async Task Refilled_partitions_are_swept()
    {
        var store = new InMemoryRateLimitStore(_time);
        for (int i = 0; i < 50; i++)
        {
            await store.AcquireAsync(FivePerMinute, $"key:key_{i}", CancellationToken.None);
        }

        Assert.Equal(50, store.PartitionCount);
        _time.Advance(TimeSpan.FromMinutes(2));
        await store.AcquireAsync(FivePerMinute, "key:key_new", CancellationToken.None);
        Assert.Equal(1, store.PartitionCount);
    }

    [Fact]
    public async Task A_swept_partition_starts_fresh_with_correct_values()
    {
        var store = new InMemoryRateLimitStore(_time);
        await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));
        await store.AcquireAsync(FivePerMinute, "key:key_b", CancellationToken.None);
        var decision = await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None);
        Assert.True(decision.IsAllowed);
        Assert.Equal(4, decision.Remaining);
    }

    [Fact]
    public async Task Invalid_arguments_are_rejected_with_argument_exceptions()
    {
        var store = new InMemoryRateLimitStore(_time);
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.AcquireAsync(null!, "key:a", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.AcquireAsync(FivePerMinute, null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.AcquireAsync(FivePerMinute, "", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.AcquireAsync(FivePerMinute, "key a", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.AcquireAsync(FivePerMinute, new string('k', 257), CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryRateLimitStore(_time, maxPartitions: 15));
        Assert.Throws<ArgumentNullException>(() => new InMemoryRateLimitStore(null!));
    }

    [Fact]
    public async Task Cancelled_token_throws_before_counting()
    {
        var store = new InMemoryRateLimitStore(_time);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.AcquireAsync(FivePerMinute, "key:key_a", cts.Token));
        Assert.Equal(4, (await store.AcquireAsync(FivePerMinute, "key:key_a", CancellationToken.None)).Remaining);
    }
}

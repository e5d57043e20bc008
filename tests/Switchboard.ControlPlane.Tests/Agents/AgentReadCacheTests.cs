using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Agents;

namespace Switchboard.ControlPlane.Tests.Agents;

public sealed class AgentReadCacheTests
{
    private static AgentReadCache NewCache(int maxEntries = 100, long maxBytes = 1 << 20, bool active = true) =>
        new(Options.Create(new AgentCacheOptions { MaxEntries = maxEntries, MaxBytes = maxBytes }), active);

    private static byte[] Json(int length = 10) => new byte[length];

    [Fact]
    public void A_fill_is_found_only_under_its_organization_agent_and_version()
    {
        var cache = NewCache();
        cache.Add(cache.Generation, "org_a", "agent_1", null, Json());
        cache.Add(cache.Generation, "org_a", "agent_1", 3, Json(20));

        Assert.True(cache.TryGet("org_a", "agent_1", null, out var latest));
        Assert.Equal(10, latest.Length);
        Assert.True(cache.TryGet("org_a", "agent_1", 3, out var pinned));
        Assert.Equal(20, pinned.Length);
        Assert.False(cache.TryGet("org_b", "agent_1", null, out _));
        Assert.False(cache.TryGet("org_a", "agent_1", 2, out _));
        Assert.False(cache.TryGet("org_a", "agent_2", null, out _));
        Assert.Equal(1, cache.Count);
        Assert.Equal(30, cache.Bytes);
    }

    [Fact]
    public void Invalidation_drops_every_version_of_the_agent_and_only_that_agent()
    {
        var cache = NewCache();
        cache.Add(cache.Generation, "org_a", "agent_1", null, Json());
        cache.Add(cache.Generation, "org_a", "agent_1", 1, Json());
        cache.Add(cache.Generation, "org_a", "agent_2", null, Json());

        cache.Invalidate(new AgentCacheKey("org_a", "agent_1"));

        Assert.False(cache.TryGet("org_a", "agent_1", null, out _));
        Assert.False(cache.TryGet("org_a", "agent_1", 1, out _));
        Assert.True(cache.TryGet("org_a", "agent_2", null, out _));
        Assert.Equal(1, cache.Count);
        Assert.Equal(10, cache.Bytes);
    }

    [Fact]
    public void A_read_that_started_before_an_invalidation_does_not_fill()
    {
        var cache = NewCache();
        var generation = cache.Generation;   // the read's query starts here, sees the old row ...
        cache.Invalidate(new AgentCacheKey("org_a", "agent_1"));   // ... a write commits and invalidates ...
        cache.Add(generation, "org_a", "agent_1", null, Json());   // ... and the old row must not be cached.

        Assert.False(cache.TryGet("org_a", "agent_1", null, out _));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void Any_invalidation_blocks_fills_of_reads_that_were_in_flight()
    {
        // The generation is global: conservative (another agent's write also blocks this fill) but never stale.
        var cache = NewCache();
        var generation = cache.Generation;
        cache.Invalidate(new AgentCacheKey("org_b", "agent_9"));
        cache.Add(generation, "org_a", "agent_1", null, Json());
        Assert.False(cache.TryGet("org_a", "agent_1", null, out _));

        cache.Add(cache.Generation, "org_a", "agent_1", null, Json());
        Assert.True(cache.TryGet("org_a", "agent_1", null, out _));
    }

    [Fact]
    public void The_entry_count_stays_within_its_bound()
    {
        var cache = NewCache(maxEntries: 5);
        for (var i = 0; i < 50; i++) cache.Add(cache.Generation, "org_a", "agent_" + i, null, Json());

        Assert.Equal(5, cache.Count);
        Assert.Equal(50, cache.Bytes);
        Assert.True(cache.TryGet("org_a", "agent_49", null, out _)); // the newest fill is never the one evicted
    }

    [Fact]
    public void The_byte_total_stays_within_its_bound_and_huge_responses_are_not_cached()
    {
        var cache = NewCache(maxBytes: 16 * 1024);
        for (var i = 0; i < 40; i++) cache.Add(cache.Generation, "org_a", "agent_" + i, null, Json(1000));
        Assert.True(cache.Bytes <= 16 * 1024);

        cache.Add(cache.Generation, "org_a", "big", null, Json(1025)); // more than a sixteenth of the bound
        Assert.False(cache.TryGet("org_a", "big", null, out _));
    }

    [Fact]
    public void One_agent_holds_at_most_a_few_pinned_versions()
    {
        var cache = NewCache();
        for (var v = 1; v <= 20; v++) cache.Add(cache.Generation, "org_a", "agent_1", v, Json());
        Assert.Equal(AgentCacheEntry.MaxSlots * 10, cache.Bytes);
        Assert.True(cache.TryGet("org_a", "agent_1", 1, out _));
        Assert.False(cache.TryGet("org_a", "agent_1", 20, out _));
    }

    [Fact]
    public void A_suspended_cache_neither_serves_nor_fills_and_resuming_starts_empty()
    {
        var cache = NewCache();
        cache.Add(cache.Generation, "org_a", "agent_1", null, Json());
        cache.Suspend();
        Assert.False(cache.IsActive);
        Assert.False(cache.TryGet("org_a", "agent_1", null, out _));
        cache.Add(cache.Generation, "org_a", "agent_2", null, Json());
        Assert.Equal(0, cache.Count);

        var generation = cache.Generation; // a read that started while suspended ...
        cache.Resume();
        cache.Add(generation, "org_a", "agent_3", null, Json()); // ... must not fill after the resume
        Assert.True(cache.IsActive);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void A_cache_for_a_shared_database_starts_inactive_and_a_disabled_one_never_serves()
    {
        var shared = NewCache(active: false);
        shared.Add(shared.Generation, "org_a", "agent_1", null, Json());
        Assert.False(shared.TryGet("org_a", "agent_1", null, out _));

        var disabled = new AgentReadCache(Options.Create(new AgentCacheOptions { Enabled = false }), active: true);
        disabled.Resume();
        disabled.Add(disabled.Generation, "org_a", "agent_1", null, Json());
        Assert.False(disabled.TryGet("org_a", "agent_1", null, out _));
    }

    [Theory]
    [InlineData("org_a agent_1", true, "org_a", "agent_1")]
    [InlineData("org_a", false, null, null)]
    [InlineData(" agent_1", false, null, null)]
    [InlineData("org_a ", false, null, null)]
    [InlineData("", false, null, null)]
    [InlineData(null, false, null, null)]
    public void Notification_payloads_round_trip_and_malformed_ones_are_refused(string? payload, bool ok, string? org, string? agent)
    {
        Assert.Equal(ok, AgentCacheKey.TryParsePayload(payload, out var key));
        if (ok)
        {
            Assert.Equal(new AgentCacheKey(org!, agent!), key);
            Assert.Equal(payload, key.ToPayload());
        }
    }

    [Fact]
    public async Task Concurrent_fills_and_invalidations_keep_the_counts_consistent()
    {
        var cache = NewCache(maxEntries: 16);
        var tasks = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                var agent = "agent_" + (i % 40);
                if ((i + t) % 7 == 0) cache.Invalidate(new AgentCacheKey("org_a", agent));
                else cache.Add(cache.Generation, "org_a", agent, (i % 3) == 0 ? null : i % 5, Json());
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        cache.Clear();
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }
}

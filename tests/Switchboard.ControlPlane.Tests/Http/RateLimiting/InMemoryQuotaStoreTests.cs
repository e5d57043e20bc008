using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Http.RateLimiting;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

public sealed class InMemoryQuotaStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Counts_per_key_and_month()
    {
        var store = new InMemoryQuotaStore(_time);
        var november = new QuotaMonth(2026, 11);
        Assert.Equal(1, await store.IncrementAsync("key_a", november, CancellationToken.None));
        Assert.Equal(2, await store.IncrementAsync("key_a", november, CancellationToken.None));
        Assert.Equal(1, await store.IncrementAsync("key_b", november, CancellationToken.None));
        Assert.Equal(1, await store.IncrementAsync("key_a", new QuotaMonth(2026, 12), CancellationToken.None));
        Assert.Equal(2, await store.GetAsync("key_a", november, CancellationToken.None));
        Assert.Equal(0, await store.GetAsync("key_c", november, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_increments_are_not_lost()
    {
        var store = new InMemoryQuotaStore(_time);
        var month = QuotaMonth.Current(_time);
        await Parallel.ForAsync(0, 1000, async (_, ct) => await store.IncrementAsync("key_a", month, ct));
        Assert.Equal(1000, await store.GetAsync("key_a", month, CancellationToken.None));
    }

    [Fact]
    public async Task Months_before_the_previous_one_are_dropped_when_a_new_month_starts()
    {
        var store = new InMemoryQuotaStore(_time);
        await store.IncrementAsync("key_a", new QuotaMonth(2026, 10), CancellationToken.None);
        await store.IncrementAsync("key_a", new QuotaMonth(2026, 11), CancellationToken.None);

        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await store.IncrementAsync("key_a", new QuotaMonth(2026, 12), CancellationToken.None);

        Assert.Equal(2, store.CounterCount);
        Assert.Equal(0, await store.GetAsync("key_a", new QuotaMonth(2026, 10), CancellationToken.None));
        Assert.Equal(1, await store.GetAsync("key_a", new QuotaMonth(2026, 11), CancellationToken.None));
    }

    [Fact]
    public async Task Invalid_key_ids_are_rejected()
    {
        var store = new InMemoryQuotaStore(_time);
        var month = QuotaMonth.Current(_time);
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.IncrementAsync(null!, month, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.IncrementAsync("", month, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.GetAsync("a b", month, CancellationToken.None));
    }
}

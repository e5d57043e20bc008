using Switchboard.Sip.Auth;

namespace Switchboard.Sip.Tests.Auth;

public sealed class NonceCountTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_must_strictly_increase_per_nonce()
    {
        var tracker = new NonceCountTracker(16);

        Assert.Equal(NonceCountResult.Accepted, tracker.Register("a", 1, T0, T0.AddMinutes(5), T0));
        Assert.Equal(NonceCountResult.Accepted, tracker.Register("a", 3, T0, T0.AddMinutes(5), T0));
        Assert.Equal(NonceCountResult.Replayed, tracker.Register("a", 3, T0, T0.AddMinutes(5), T0));
        Assert.Equal(NonceCountResult.Replayed, tracker.Register("a", 2, T0, T0.AddMinutes(5), T0));
        Assert.Equal(NonceCountResult.Accepted, tracker.Register("b", 1, T0, T0.AddMinutes(5), T0));
    }

    [Fact]
    public void Size_stays_bounded_and_evicted_nonces_are_forgotten_not_trusted()
    {
        var tracker = new NonceCountTracker(16);
        for (int i = 0; i < 100; i++)
        {
            tracker.Register($"n{i}", 1, T0.AddMilliseconds(i), T0.AddMinutes(5), T0);
        }

        Assert.Equal(16, tracker.Count);
        Assert.Equal(NonceCountResult.Forgotten, tracker.Register("n0", 1, T0, T0.AddMinutes(5), T0));
        Assert.Equal(NonceCountResult.Accepted, tracker.Register("new", 1, T0.AddSeconds(1), T0.AddMinutes(5), T0));
    }

    [Fact]
    public void Expired_entries_are_pruned()
    {
        var tracker = new NonceCountTracker(16);
        tracker.Register("a", 1, T0, T0.AddMinutes(5), T0);

        tracker.Register("b", 1, T0.AddMinutes(6), T0.AddMinutes(11), T0.AddMinutes(6));

        Assert.Equal(1, tracker.Count);
    }
}

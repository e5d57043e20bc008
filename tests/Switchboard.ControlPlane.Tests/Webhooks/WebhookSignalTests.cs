using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.ControlPlane.Tests.Webhooks;

public sealed class WebhookSignalTests
{
    // The wait completes synchronously when the round loop was woken, and never on its own: the clock does not move.
    private static bool RoundLoopWoken(WebhookSignal signal) =>
        signal.WaitAsync(TimeSpan.FromHours(1), new FakeTimeProvider(), CancellationToken.None).IsCompletedSuccessfully;

    [Fact]
    public void Offered_ids_go_to_the_fast_path_in_order_without_waking_the_round_loop()
    {
        var signal = new WebhookSignal();
        signal.Offer(["d1", "d2"]);
        signal.Offer(["d3"]);

        var taken = new List<string>();
        Assert.Equal(2, signal.TakeFresh(taken, 2));
        Assert.Equal(1, signal.TakeFresh(taken, 10));
        Assert.Equal(["d1", "d2", "d3"], taken);
        Assert.False(RoundLoopWoken(signal));
    }

    [Fact]
    public void Ids_past_the_bound_wake_the_round_loop_instead()
    {
        var signal = new WebhookSignal();
        var ids = Enumerable.Range(0, WebhookSignal.FastQueueCapacity + 1).Select(i => "d" + i).ToList();
        signal.Offer(ids);

        Assert.True(RoundLoopWoken(signal));
        var taken = new List<string>();
        Assert.Equal(WebhookSignal.FastQueueCapacity, signal.TakeFresh(taken, int.MaxValue));
    }

    [Fact]
    public void Without_a_fast_path_offered_ids_only_wake_the_round_loop()
    {
        var signal = new WebhookSignal { FastPathEnabled = false };
        signal.Offer(["d1"]);

        Assert.True(RoundLoopWoken(signal));
        Assert.Equal(0, signal.TakeFresh([], 10));
    }

    [Fact]
    public void Offer_rejects_a_null_list() =>
        Assert.Throws<ArgumentNullException>(() => new WebhookSignal().Offer(null!));
}

using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.ControlPlane.Tests.Webhooks;

public sealed class WebhookSignalTests
{
    // The wait completes synchronously when the round loop was woken, and never on its own: the clock does not move.
    private static bool RoundLoopWoken(WebhookSignal signal) =>
        signal.WaitAsync(TimeSpan.FromHours(1), new FakeTimeProvider(), CancellationToken.None).IsCompletedSuccessfully;

    private static WebhookFreshDelivery[] Fresh(string channel, params string[] ids) =>
        ids.Select(id => new WebhookFreshDelivery(id, channel)).ToArray();

    [Fact]
    public void Offered_ids_go_to_the_fast_path_in_order_without_waking_the_round_loop()
    {
        var signal = new WebhookSignal();
        signal.Offer(Fresh("e1", "d1", "d2"));
        signal.Offer(Fresh("e2", "d3"));

        var taken = new List<string>();
        Assert.Equal(2, signal.TakeFresh(taken, 2));
        Assert.Equal(1, signal.TakeFresh(taken, 10));
        Assert.Equal(["d1", "d2", "d3"], taken);
        Assert.False(RoundLoopWoken(signal));
    }

    [Fact]
    public void A_channel_always_takes_one_lane_in_commit_order_and_channels_spread_over_the_lanes()
    {
        var signal = new WebhookSignal(lanes: 2);
        var channels = Enumerable.Range(0, 40).Select(i => "wh_" + i).ToArray();
        foreach (var round in new[] { "a", "b", "c" })
        {
            foreach (var channel in channels) signal.Offer(Fresh(channel, channel + "/" + round));
        }

        var lanes = new[] { new List<string>(), new List<string>() };
        Assert.Equal(120, signal.TakeFresh(0, lanes[0], 1000) + signal.TakeFresh(1, lanes[1], 1000));
        Assert.All(lanes, lane => Assert.NotEmpty(lane));
        foreach (var channel in channels)
        {
            var lane = signal.LaneOf(channel);
            Assert.Equal([channel + "/a", channel + "/b", channel + "/c"], lanes[lane].Where(id => id.StartsWith(channel + "/", StringComparison.Ordinal)));
            Assert.DoesNotContain(lanes[1 - lane], id => id.StartsWith(channel + "/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Ids_past_the_bound_wake_the_round_loop_instead()
    {
        var signal = new WebhookSignal();
        var ids = Enumerable.Range(0, WebhookSignal.FastQueueCapacity + 1).Select(i => "d" + i).ToArray();
        signal.Offer(Fresh("e1", ids));

        Assert.True(RoundLoopWoken(signal));
        var taken = new List<string>();
        Assert.Equal(WebhookSignal.FastQueueCapacity, signal.TakeFresh(taken, int.MaxValue));
    }

    [Fact]
    public void Without_a_fast_path_offered_ids_only_wake_the_round_loop()
    {
        var signal = new WebhookSignal { FastPathEnabled = false };
        signal.Offer(Fresh("e1", "d1"));

        Assert.True(RoundLoopWoken(signal));
        Assert.Equal(0, signal.TakeFresh([], 10));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new WebhookSignal().Offer(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebhookSignal(0));
    }
}

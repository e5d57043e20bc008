using Switchboard.ControlPlane.Calls;

namespace Switchboard.ControlPlane.Tests.Calls;

public sealed class LatencyCalculatorTests
{
    // The nearest-rank worked example: 15, 20, 35, 40, 50.
    [Theory]
    [InlineData(30, 20)]
    [InlineData(40, 20)]
    [InlineData(50, 35)]
    [InlineData(90, 50)]
    [InlineData(100, 50)]
    public void Percentile_is_the_nearest_rank(int percent, long expected) =>
        Assert.Equal(expected, LatencyCalculator.Percentile([15, 20, 35, 40, 50], percent));

    [Fact]
    public void Percentile_refuses_no_values_and_out_of_range_percents()
    {
        Assert.Throws<ArgumentException>(() => LatencyCalculator.Percentile([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyCalculator.Percentile([1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyCalculator.Percentile([1], 101));
    }

    [Fact]
    public void Summary_takes_each_stage_over_the_turns_that_reached_it()
    {
        var at = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        TurnLatencyEntry[] turns =
        [
            .. Enumerable.Range(1, 10).Select(i => new TurnLatencyEntry(i, at, i * 1000, i * 100, i * 10, null, 1000 - i)),
            new TurnLatencyEntry(11, at, 11_000, null, null, null, null),
        ];

        var summary = LatencyCalculator.Summarize(turns);

        Assert.Equal(11, summary.Turns);
        Assert.Equal(new StagePercentiles(500, 900, 10), summary.SttFinalMs);
        Assert.Equal(new StagePercentiles(50, 90, 10), summary.FirstTextMs);
        Assert.Null(summary.FirstAudioMs);
        Assert.Equal(new StagePercentiles(994, 998, 10), summary.FirstFrameSentMs);
    }

    [Fact]
    public void A_call_without_turns_has_an_empty_summary() =>
        Assert.Equal(new LatencySummary(0, null, null, null, null), LatencyCalculator.Summarize([]));
}

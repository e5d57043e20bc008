using Switchboard.ControlPlane.PhoneNumbers;

namespace Switchboard.ControlPlane.Tests.PhoneNumbers;

public sealed class WeightedPickTests
{
    private static readonly InboundAgent A = new("agent_a", null, 3);
    private static readonly InboundAgent B = new("agent_b", 2, 1);

    [Fact]
    public void Splits_by_weight_over_many_picks()
    {
        var random = new Random(12345);
        var counts = new Dictionary<string, int> { ["agent_a"] = 0, ["agent_b"] = 0 };
        for (var i = 0; i < 1000; i++) counts[WeightedPick.Pick([A, B], random.NextDouble())!.AgentId!]++;
        // Expected 750/250; the standard deviation is sqrt(1000 * 0.75 * 0.25) ≈ 13.7, so ±55 is four of them.
        Assert.InRange(counts["agent_a"], 695, 805);
        Assert.Equal(1000, counts["agent_a"] + counts["agent_b"]);
    }

    [Theory]
    [InlineData(0.0, "agent_a")]
    [InlineData(0.7499, "agent_a")]
    [InlineData(0.75, "agent_b")]
    [InlineData(0.999999, "agent_b")]
    public void Boundaries_fall_where_the_weights_say(double uniform, string expected) =>
        Assert.Equal(expected, WeightedPick.Pick([A, B], uniform)!.AgentId);

    [Fact]
    public void One_candidate_always_wins_and_none_picks_nothing()
    {
        Assert.Same(B, WeightedPick.Pick([B], 0.99));
        Assert.Null(WeightedPick.Pick([], 0.5));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_value_outside_the_unit_interval_is_an_argument_error(double uniform) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightedPick.Pick([A], uniform));
}

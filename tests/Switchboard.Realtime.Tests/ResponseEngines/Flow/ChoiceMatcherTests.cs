using Switchboard.Realtime.ResponseEngines.Flow;
using Switchboard.Realtime.ResponseEngines.Flow.Input;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

public sealed class ChoiceMatcherTests
{
    private static readonly FlowChoice[] Choices =
    [
        new("cleaning", ["clean"], "1"),
        new("checkup", ["check up", "exam"], "2"),
        new("emergency", ["toothache", "tooth ache"], "3"),
    ];

    [Theory]
    [InlineData("I'd like a cleaning", "cleaning")]
    [InlineData("CHECK-UP please", "checkup")]
    [InlineData("just an exam", "checkup")]
    [InlineData("I have a tooth ache", "emergency")]
    [InlineData("a cleaning, or maybe a checkup", "cleaning")]
    [InlineData("maybe a checkup or a cleaning", "checkup")]
    public void Matches_values_and_synonyms_as_whole_words(string text, string expected) =>
        Assert.Equal(expected, ChoiceMatcher.Match(Choices, text, "")?.Value);

    [Theory]
    [InlineData("1", "cleaning")]
    [InlineData("3", "emergency")]
    public void Matches_digits(string digits, string expected) => Assert.Equal(expected, ChoiceMatcher.Match(Choices, "", digits)?.Value);

    [Theory]
    [InlineData("uncleaning checkups", "")] // whole words only
    [InlineData("billing", "")]
    [InlineData("", "9")]
    [InlineData("", "")]
    public void Returns_null_without_a_match(string text, string digits) => Assert.Null(ChoiceMatcher.Match(Choices, text, digits));
}

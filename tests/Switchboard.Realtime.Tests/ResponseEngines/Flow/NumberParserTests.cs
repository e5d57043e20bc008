using Switchboard.Realtime.ResponseEngines.Flow.Input;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

public sealed class NumberParserTests
{
    [Theory]
    [InlineData("three", 3)]
    [InlineData("twenty three", 23)]
    [InlineData("one hundred and five", 105)]
    [InlineData("two thousand twenty six", 2026)]
    [InlineData("two five", 25)]
    [InlineData("we are 4 people", 4)]
    [InlineData("about twelve I think", 12)]
    [InlineData("zero", 0)]
    public void Reads_speech(string text, long expected)
    {
        Assert.True(NumberParser.TryParse(text, "", out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Reads_keypad_digits()
    {
        Assert.True(NumberParser.TryParse("", "0042", out var value));
        Assert.Equal(42, value);
    }

    [Theory]
    [InlineData("none at all", "")]
    [InlineData("", "12*")]
    [InlineData("", "")]
    public void Rejects_anything_else(string text, string digits) => Assert.False(NumberParser.TryParse(text, digits, out _));
}

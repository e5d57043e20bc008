using Switchboard.Realtime.ResponseEngines.Flow.Input;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

public sealed class YesNoParserTests
{
    [Theory]
    [InlineData("yes", true)]
    [InlineData("Yeah.", true)]
    [InlineData("yep that's it", true)]
    [InlineData("that's correct", true)]
    [InlineData("of course", true)]
    [InlineData("no", false)]
    [InlineData("Nope!", false)]
    [InlineData("no that's not right", false)]
    [InlineData("that is wrong", false)]
    [InlineData("it isn't", false)]
    public void Reads_speech(string text, bool expected)
    {
        Assert.True(YesNoParser.TryParse(text, "", out var yes));
        Assert.Equal(expected, yes);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("2", false)]
    public void Reads_keypad(string digits, bool expected)
    {
        Assert.True(YesNoParser.TryParse("", digits, out var yes));
        Assert.Equal(expected, yes);
    }

    [Theory]
    [InlineData("maybe later", "")]
    [InlineData("", "")]
    [InlineData("", "3")]
    [InlineData("", "12")]
    public void Rejects_anything_else(string text, string digits) => Assert.False(YesNoParser.TryParse(text, digits, out _));
}

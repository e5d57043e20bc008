using Switchboard.Realtime.ResponseEngines.Flow.Input;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

public sealed class DayOfWeekParserTests
{
    private static readonly DateOnly Tuesday = new(2026, 11, 24);

    [Theory]
    [InlineData("tuesday", DayOfWeek.Tuesday)]
    [InlineData("Next Tuesday, please.", DayOfWeek.Tuesday)]
    [InlineData("how about friday", DayOfWeek.Friday)]
    [InlineData("on thurs maybe", DayOfWeek.Thursday)]
    [InlineData("I could do Wednesday or Friday", DayOfWeek.Wednesday)]
    [InlineData("today", DayOfWeek.Tuesday)]
    [InlineData("tomorrow morning", DayOfWeek.Wednesday)]
    [InlineData("sunday", DayOfWeek.Sunday)]
    public void Reads_spoken_days(string text, DayOfWeek expected)
    {
        Assert.True(DayOfWeekParser.TryParse(text, "", Tuesday, out var day));
        Assert.Equal(expected, day);
    }

    [Theory]
    [InlineData("1", DayOfWeek.Monday)]
    [InlineData("2", DayOfWeek.Tuesday)]
    [InlineData("5", DayOfWeek.Friday)]
    [InlineData("7", DayOfWeek.Sunday)]
    public void Reads_keypad_days_monday_first(string digits, DayOfWeek expected)
    {
        Assert.True(DayOfWeekParser.TryParse("", digits, Tuesday, out var day));
        Assert.Equal(expected, day);
    }

    [Theory]
    [InlineData("whenever", "")]
    [InlineData("", "")]
    [InlineData("", "8")]
    [InlineData("", "0")]
    [InlineData("", "12")]
    [InlineData("monday", "9")] // digits decide when pressed
    public void Rejects_anything_else(string text, string digits) =>
        Assert.False(DayOfWeekParser.TryParse(text, digits, Tuesday, out _));
}

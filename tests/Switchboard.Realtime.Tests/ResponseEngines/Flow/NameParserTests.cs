using Switchboard.Realtime.ResponseEngines.Flow.Input;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

public sealed class NameParserTests
{
    [Theory]
    [InlineData("my name is john smith", "John Smith")]
    [InlineData("This is Maria.", "Maria")]
    [InlineData("um it's Ana Lopez thanks", "Ana Lopez")]
    [InlineData("Peter", "Peter")]
    [InlineData("you can call me jo ann van der berg", "Jo Ann Van Der")]
    public void Strips_lead_ins_and_capitalises(string text, string expected)
    {
        Assert.True(NameParser.TryParse(text, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("my name is")]
    [InlineData("thank you")]
    public void Rejects_turns_without_a_name(string text) => Assert.False(NameParser.TryParse(text, out _));
}

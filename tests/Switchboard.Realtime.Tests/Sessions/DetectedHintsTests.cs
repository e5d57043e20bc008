using Switchboard.Realtime.Sessions;

namespace Switchboard.Realtime.Tests.Sessions;

public sealed class DetectedHintsTests
{
    [Theory]
    [InlineData("a leaning please", new[] { "cleaning" }, "a leaning please cleaning")]
    [InlineData("i need a cleaning", new[] { "cleaning" }, "i need a cleaning")]
    [InlineData("", new[] { "billing", "yes" }, "billing yes")]
    [InlineData("hello", new string[0], "hello")]
    [InlineData("Cleaning please", new[] { "cleaning" }, "Cleaning please")]
    public void Spotted_hints_the_transcript_missed_are_added_once(string text, string[] detected, string expected) =>
        Assert.Equal(expected, CallSession.WithDetectedHints(text, detected));
}

namespace Switchboard.Speech.Tests;

public sealed class SpeechTestAudioTests
{
    [Theory]
    [InlineData("hello world", "hello world", 0.0)]
    [InlineData("one two three four", "one to three four", 0.25)]
    [InlineData("yes", "", 1.0)]
    [InlineData("book an appointment", "book appointment for", 2.0 / 3)]
    public void Word_error_rate_counts_substitutions_deletions_and_insertions(string reference, string hypothesis, double expected) =>
        Assert.Equal(expected, SpeechTestAudio.WordErrorRate(reference, hypothesis), 6);
}

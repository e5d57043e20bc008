// MEAI speech contracts are experimental (MEAI001); they are what we test against.
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;

namespace Switchboard.Speech.Tests;

public sealed class SpeechHintsTests
{
    [Fact]
    public void Keywords_come_before_expected_phrases_and_a_single_string_is_accepted()
    {
        var options = new SpeechToTextOptions().WithExpectedPhrases(["yes", "no"]).WithKeywords(["Acme"]);
        Assert.Equal(["Acme", "yes", "no"], SpeechHints.Read(options));
        options.AdditionalProperties![SpeechHints.KeywordsKey] = "refund";
        Assert.Equal(["refund", "yes", "no"], SpeechHints.Read(options));
        Assert.Empty(SpeechHints.Read(null));
    }

    [Fact]
    public void A_hint_of_the_wrong_type_is_rejected()
    {
        var options = new SpeechToTextOptions { AdditionalProperties = new() { [SpeechHints.ExpectedPhrasesKey] = 42 } };
        var ex = Assert.Throws<ArgumentException>(() => SpeechHints.Read(options));
        Assert.Contains(SpeechHints.ExpectedPhrasesKey, ex.Message, StringComparison.Ordinal);
    }
}

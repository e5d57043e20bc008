using System.Text.Json;
using Switchboard.Realtime.ResponseEngines.Ivr;

namespace Switchboard.Realtime.Tests.ResponseEngines.Ivr;

public sealed class IvrKeywordMatcherTests
{
    private static readonly IvrMenu Menu = Parse("""
        {"prompt":"p","options":[
          {"digit":"1","keywords":["customer service","service"],"action":{"type":"hangup"}},
          {"digit":"2","keywords":["billing"],"action":{"type":"hangup"}},
          {"digit":"#","action":{"type":"hangup"}}]}
        """);

    private static IvrMenu Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return IvrMenuParser.Parse(doc.RootElement);
    }

    [Theory]
    [InlineData("Customer   Service, please", '1', "customer service")]
    [InlineData("uh, billing?", '2', "billing")]
    [InlineData("billing, no wait, service", '2', "billing")]
    [InlineData("I need service for my customer account", '1', "service")]
    public void Keywords_match_whole_words_earliest_first_longest_on_a_tie(string said, char digit, string keyword)
    {
        var match = IvrKeywordMatcher.Match(Menu, said);
        Assert.NotNull(match);
        Assert.Equal(digit, match.Value.Option.Digit);
        Assert.Equal(keyword, match.Value.Keyword);
    }

    [Theory]
    [InlineData("two", '2')]
    [InlineData("Press two please", '2')]
    [InlineData("2", '2')]
    [InlineData("pound", '#')]
    [InlineData("option number one", '1')]
    public void A_spoken_key_on_its_own_selects_that_option(string said, char digit)
    {
        var match = IvrKeywordMatcher.Match(Menu, said);
        Assert.NotNull(match);
        Assert.Equal(digit, match.Value.Option.Digit);
        Assert.Null(match.Value.Keyword);
    }

    [Theory]
    [InlineData("I want one ticket")]     // a number inside a sentence is not a key press
    [InlineData("one or two")]
    [InlineData("three")]                 // no option 3
    [InlineData("servicing")]
    [InlineData("   ")]
    public void Other_speech_matches_nothing(string said)
    {
        Assert.Null(IvrKeywordMatcher.Match(Menu, said));
    }

    [Fact]
    public void Words_are_lower_case_and_split_at_punctuation()
    {
        Assert.Equal(["don't", "press", "9"], IvrKeywordMatcher.Words("Don't -- PRESS 9!"));
    }

    [Fact]
    public void Submenus_inherit_settings_they_leave_out()
    {
        var root = Parse("""
            {"prompt":"p","timeout_ms":7000,"max_retries":4,"invalid_prompt":"Nope.","options":[
              {"digit":"1","action":{"type":"submenu","menu":{"prompt":"q","max_retries":1,"options":[{"digit":"1","action":{"type":"hangup"}}]}}}]}
            """);
        var sub = root.Options[0].Action.Menu!;
        Assert.Equal(TimeSpan.FromMilliseconds(7000), sub.Timeout);
        Assert.Equal(1, sub.MaxRetries);
        Assert.Equal("Nope.", sub.InvalidPrompt);
        Assert.Equal(IvrMenuParser.DefaultTimeoutPrompt, sub.TimeoutPrompt);
        Assert.Same(IvrAction.DefaultOnMaxRetries, sub.OnMaxRetries);
    }
}

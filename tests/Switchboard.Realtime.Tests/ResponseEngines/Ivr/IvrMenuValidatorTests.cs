using System.Text.Json;
using Switchboard.Realtime.ResponseEngines.Ivr;

namespace Switchboard.Realtime.Tests.ResponseEngines.Ivr;

public sealed class IvrMenuValidatorTests
{
    private static IReadOnlyList<IvrMenuError> Validate(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return IvrMenuValidator.Validate(doc.RootElement.Clone());
    }

    private static void AssertError(string json, string path, string messagePart)
    {
        var errors = Validate(json);
        Assert.Contains(errors, e => e.Path == path && e.Message.Contains(messagePart, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_documented_example_is_valid()
    {
        Assert.Empty(Validate(IvrMenus.Example));
    }

    [Fact]
    public void A_menu_must_be_an_object()
    {
        AssertError("[1]", "", "JSON object");
        AssertError("""{"prompt":"x","options":[{"digit":"1","action":{"type":"submenu","menu":"no"}}]}""", "options[0].action.menu", "JSON object");
    }

    [Theory]
    [InlineData("""{"options":[{"digit":"1","action":{"type":"hangup"}}]}""", "prompt")]
    [InlineData("""{"prompt":"","options":[{"digit":"1","action":{"type":"hangup"}}]}""", "prompt")]
    [InlineData("""{"prompt":"   ","options":[{"digit":"1","action":{"type":"hangup"}}]}""", "prompt")]
    [InlineData("""{"prompt":7,"options":[{"digit":"1","action":{"type":"hangup"}}]}""", "prompt")]
    public void Empty_or_missing_prompt_is_an_error(string json, string path)
    {
        Assert.Contains(Validate(json), e => e.Path == path);
    }

    [Fact]
    public void A_nested_empty_prompt_is_reported_at_its_path()
    {
        AssertError("""{"prompt":"p","options":[{"digit":"2","action":{"type":"submenu","menu":{"prompt":"","options":[{"digit":"1","action":{"type":"back"}}]}}}]}""",
            "options[0].action.menu.prompt", "non-empty");
    }

    [Fact]
    public void Options_are_required_and_not_empty()
    {
        AssertError("""{"prompt":"p"}""", "options", "required");
        AssertError("""{"prompt":"p","options":[]}""", "options", "at least one");
        AssertError("""{"prompt":"p","options":{}}""", "options", "list");
    }

    [Fact]
    public void Duplicate_digits_are_an_error()
    {
        AssertError("""{"prompt":"p","options":[{"digit":"1","action":{"type":"hangup"}},{"digit":"1","action":{"type":"repeat"}}]}""",
            "options[1].digit", "already used");
    }

    [Theory]
    [InlineData("\"12\"")]
    [InlineData("\"a\"")]
    [InlineData("\"\"")]
    [InlineData("1")]
    [InlineData("\"D\"")]
    public void Bad_digits_are_an_error(string digit)
    {
        AssertError($$$"""{"prompt":"p","options":[{"digit":{{{digit}}},"action":{"type":"hangup"}}]}""", "options[0].digit", "0-9, * or #");
    }

    [Fact]
    public void Star_and_hash_are_digits()
    {
        Assert.Empty(Validate("""{"prompt":"p","options":[{"digit":"*","action":{"type":"repeat"}},{"digit":"#","action":{"type":"hangup"}}]}"""));
    }

    [Fact]
    public void Missing_digit_and_missing_action_are_errors()
    {
        var errors = Validate("""{"prompt":"p","options":[{"keywords":["x"]}]}""");
        Assert.Contains(errors, e => e.Path == "options[0].digit");
        Assert.Contains(errors, e => e.Path == "options[0].action");
    }

    [Fact]
    public void Unknown_action_types_are_an_error()
    {
        AssertError("""{"prompt":"p","options":[{"digit":"1","action":{"type":"dance"}}]}""", "options[0].action.type", "Unknown action type 'dance'");
        AssertError("""{"prompt":"p","options":[{"digit":"1","action":{}}]}""", "options[0].action.type", "required");
    }

    [Fact]
    public void Missing_targets_are_an_error()
    {
        AssertError("""{"prompt":"p","options":[{"digit":"1","action":{"type":"transfer"}}]}""", "options[0].action.target", "target");
        AssertError("""{"prompt":"p","options":[{"digit":"1","action":{"type":"transfer","target":""}}]}""", "options[0].action.target", "non-empty");
        AssertError("""{"prompt":"p","options":[{"digit":"1","action":{"type":"submenu"}}]}""", "options[0].action.menu", "needs its menu");
        AssertError("""{"prompt":"p","options":[{"digit":"1","action":{"type":"message"}}]}""", "options[0].action.text", "text");
    }

    [Fact]
    public void An_agent_action_may_leave_out_its_target()
    {
        Assert.Empty(Validate("""{"prompt":"p","options":[{"digit":"0","action":{"type":"agent"}}]}"""));
    }

    [Fact]
    public void Fields_of_another_action_type_are_errors()
    {
        AssertError("""{"prompt":"p","options":[{"digit":"1","action":{"type":"hangup","target":"+1555"}}]}""", "options[0].action.target", "does not apply");
    }

    [Fact]
    public void Unknown_fields_are_errors()
    {
        AssertError("""{"prompt":"p","timout_ms":3000,"options":[{"digit":"1","action":{"type":"hangup"}}]}""", "timout_ms", "Unknown field");
        AssertError("""{"prompt":"p","options":[{"digit":"1","key":"x","action":{"type":"hangup"}}]}""", "options[0].key", "Unknown field");
    }

    [Fact]
    public void Menus_nest_at_most_the_depth_limit()
    {
        Assert.Empty(Validate(Nested(IvrMenuValidator.MaxDepth)));
        var errors = Validate(Nested(IvrMenuValidator.MaxDepth + 1));
        var error = Assert.Single(errors);
        Assert.Contains("nest at most", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("action.menu", error.Path, StringComparison.Ordinal);
        Assert.Equal(IvrMenuValidator.MaxDepth, error.Path.Split("action.menu").Length - 1);
    }

    [Fact]
    public void Back_in_the_root_menu_is_an_error()
    {
        AssertError("""{"prompt":"p","options":[{"digit":"9","action":{"type":"back"}}]}""", "options[0].action.type", "no menu to go back to");
        AssertError("""{"prompt":"p","options":[{"digit":"9","action":{"type":"message","text":"t","then":"back"}}]}""", "options[0].action.then", "no menu to go back to");
    }

    [Fact]
    public void Message_then_must_be_known()
    {
        AssertError("""{"prompt":"p","options":[{"digit":"1","action":{"type":"message","text":"t","then":"later"}}]}""", "options[0].action.then", "'menu'");
    }

    [Theory]
    [InlineData("timeout_ms", "500")]
    [InlineData("timeout_ms", "70000")]
    [InlineData("timeout_ms", "\"5000\"")]
    [InlineData("max_retries", "-1")]
    [InlineData("max_retries", "11")]
    [InlineData("max_retries", "1.5")]
    public void Timeouts_and_retries_are_bounded_whole_numbers(string field, string value)
    {
        AssertError($$$"""{"prompt":"p","{{{field}}}":{{{value}}},"options":[{"digit":"1","action":{"type":"hangup"}}]}""", field, "whole number");
    }

    [Fact]
    public void On_max_retries_must_end_the_menu()
    {
        AssertError("""{"prompt":"p","on_max_retries":{"type":"repeat"},"options":[{"digit":"1","action":{"type":"hangup"}}]}""", "on_max_retries.type", "must end the menu");
        AssertError("""{"prompt":"p","on_max_retries":{"type":"message","text":"x","then":"menu"},"options":[{"digit":"1","action":{"type":"hangup"}}]}""", "on_max_retries.then", "hangup");
        AssertError("""{"prompt":"p","on_max_retries":{"type":"transfer"},"options":[{"digit":"1","action":{"type":"hangup"}}]}""", "on_max_retries.target", "target");
    }

    [Fact]
    public void Keywords_must_be_words_and_unique_within_a_menu()
    {
        AssertError("""{"prompt":"p","options":[{"digit":"1","keywords":"sales","action":{"type":"hangup"}}]}""", "options[0].keywords", "list");
        AssertError("""{"prompt":"p","options":[{"digit":"1","keywords":["!!"],"action":{"type":"hangup"}}]}""", "options[0].keywords[0]", "letter or digit");
        AssertError("""{"prompt":"p","options":[{"digit":"1","keywords":["Sales"],"action":{"type":"hangup"}},{"digit":"2","keywords":["sales"],"action":{"type":"repeat"}}]}""",
            "options[1].keywords[0]", "ambiguous");
    }

    [Fact]
    public void Every_error_is_reported_not_just_the_first()
    {
        var errors = Validate("""{"prompt":"","options":[{"digit":"x","action":{"type":"transfer"}},{"digit":"1","action":{"type":"nope"}}]}""");
        Assert.Equal(["prompt", "options[0].digit", "options[0].action.target", "options[1].action.type"], errors.Select(e => e.Path));
    }

    private static string Nested(int depth)
    {
        var menu = """{"prompt":"leaf","options":[{"digit":"1","action":{"type":"hangup"}}]}""";
        for (var i = 1; i < depth; i++)
            menu = $$$"""{"prompt":"level","options":[{"digit":"1","action":{"type":"submenu","menu":{{{menu}}}}}]}""";
        return menu;
    }
}

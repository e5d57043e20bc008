using Switchboard.Realtime.ResponseEngines.Llm;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

public sealed class PromptVariablesTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["first_name"] = "Ada", ["call_id"] = "c-9" };

    [Fact]
    public void Known_variables_are_filled_in_with_or_without_spaces_inside_the_braces() =>
        Assert.Equal("Hello Ada (c-9)", PromptVariables.ForModel("Hello {{first_name}} ({{ call_id }})", Variables));

    [Fact]
    public void Unknown_variables_stay_visible_to_the_model() =>
        Assert.Equal("Hi Ada, account {{account}}", PromptVariables.ForModel("Hi {{first_name}}, account {{account}}", Variables));

    [Fact]
    public void Unknown_variables_are_not_spoken() =>
        Assert.Equal("Hi there, welcome!", PromptVariables.ForSpeech("Hi {{nick}} there, welcome!", Variables));
}

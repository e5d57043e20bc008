using System.Text.Json;
using Switchboard.ControlPlane.Ivr;
using Switchboard.Realtime.ResponseEngines.Ivr;

namespace Switchboard.ControlPlane.Tests.Ivr;

public sealed class IvrMenuRequestValidatorTests
{
    private static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Definition_errors_are_keyed_under_definition_and_grouped_per_path()
    {
        var errors = IvrMenuRequestValidator.ValidateDefinition(Json("""
            {"prompt":"","options":[{"digit":"1","keywords":["a","A"],"action":{"type":"transfer"}}]}
            """));
        Assert.Equal(["definition.options[0].action.target", "definition.options[0].keywords[1]", "definition.prompt"],
            errors.Keys.Order(StringComparer.Ordinal));

        var root = IvrMenuRequestValidator.ValidateDefinition(Json("\"menu\""));
        Assert.Equal(["definition"], root.Keys);
    }

    [Fact]
    public void A_valid_definition_has_no_errors()
    {
        Assert.Empty(IvrMenuRequestValidator.ValidateDefinition(Json("""{"prompt":"p","options":[{"digit":"0","action":{"type":"agent"}}]}""")));
    }

    [Fact]
    public void Shape_checks_name_description_and_presence_of_the_definition()
    {
        var errors = IvrMenuRequestValidator.ValidateShape(new IvrMenuRequest { Name = new string('n', 201), Description = new string('d', 2001) });
        Assert.Equal(["definition", "description", "name"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(IvrMenuRequestValidator.ValidateShape(new IvrMenuRequest { Name = "n", Definition = Json("{}") }));
    }

    [Theory]
    [InlineData(IvrOutcome.Transferred, "transferred")]
    [InlineData(IvrOutcome.HandedOver, "handed_over")]
    [InlineData(IvrOutcome.HungUp, "hung_up")]
    [InlineData(IvrOutcome.InProgress, "abandoned")]
    public void Outcomes_are_stored_in_snake_case(IvrOutcome outcome, string stored)
    {
        Assert.Equal(stored, IvrSessionRecorder.OutcomeName(outcome));
    }

    [Fact]
    public void An_unknown_outcome_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IvrSessionRecorder.OutcomeName((IvrOutcome)42));
    }
}

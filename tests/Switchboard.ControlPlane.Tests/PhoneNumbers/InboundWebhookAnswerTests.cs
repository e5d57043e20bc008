using System.Text;
using System.Text.Json;
using Switchboard.ControlPlane.PhoneNumbers;

namespace Switchboard.ControlPlane.Tests.PhoneNumbers;

public sealed class InboundWebhookAnswerTests
{
    private static InboundWebhookAnswer Parse(string json) => InboundWebhookAnswer.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Reads_every_override_and_ignores_unknown_fields()
    {
        var answer = Parse("""
            {"call_inbound":{"override_agent_id":"agent_x","override_agent_version":4,"dynamic_variables":{"name":"Ann","vip":true,"n":3},
             "metadata":{"crm":{"id":1}},"future_field":[1]},"other":1}
            """);
        Assert.Equal("agent_x", answer.OverrideAgentId);
        Assert.Equal(4, answer.OverrideAgentVersion);
        Assert.Equal("Ann", answer.DynamicVariables["name"]);
        Assert.Equal("true", answer.DynamicVariables["vip"]);
        Assert.Equal("3", answer.DynamicVariables["n"]);
        Assert.Equal(1, JsonDocument.Parse(answer.Metadata!).RootElement.GetProperty("crm").GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("{}")]
    [InlineData("""{"call_inbound":null}""")]
    [InlineData("""{"call_inbound":{}}""")]
    [InlineData("""{"call_inbound":{"override_agent_id":null,"dynamic_variables":null}}""")]
    public void An_empty_answer_changes_nothing(string json)
    {
        var answer = Parse(json);
        Assert.Null(answer.OverrideAgentId);
        Assert.Null(answer.OverrideAgentVersion);
        Assert.Empty(answer.DynamicVariables);
        Assert.Null(answer.Metadata);
    }

    [Theory]
    [InlineData("<html>")]
    [InlineData("[1]")]
    [InlineData("""{"call_inbound":"agent_x"}""")]
    [InlineData("""{"call_inbound":{"override_agent_id":5}}""")]
    [InlineData("""{"call_inbound":{"override_agent_version":0}}""")]
    [InlineData("""{"call_inbound":{"override_agent_version":"2"}}""")]
    [InlineData("""{"call_inbound":{"dynamic_variables":["a"]}}""")]
    [InlineData("""{"call_inbound":{"dynamic_variables":{"a":{"b":1}}}}""")]
    [InlineData("""{"call_inbound":{"metadata":"text"}}""")]
    public void A_malformed_answer_is_a_json_error(string json) =>
        Assert.ThrowsAny<JsonException>(() => Parse(json));
}

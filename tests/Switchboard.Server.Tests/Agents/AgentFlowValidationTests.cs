using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Realtime.Demo;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Agents;

[Collection(ApiCollection.Name)]
public sealed class AgentFlowValidationTests(ServerFixture fixture)
{
    private static string FlowAgent(string flowJson, string? model = null)
    {
        var modelField = model is null ? "" : $",\"model\":\"{model}\"";
        return "{\"name\":\"Flow agent\",\"response_engine\":{\"type\":\"flow\"" + modelField + ",\"flow\":" + flowJson + "}}";
    }

    private const string BrokenFlow = """
        {"start":"hello","nodes":[
          {"id":"hello","type":"say","text":"Hi","next":"nowhere"},
          {"id":"q","type":"ask","prompt":"?","next":"hello"},
          {"id":"b","type":"branch","conditions":[{"variable":"x","regex":"(","next":"hello"}],"default":"hello"}]}
        """;

    private static async Task<HashSet<string>> FlowErrorsAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(422, "validation_failed");
        var errors = problem["errors"]!.AsObject();
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace((string?)e.Value![0])));
        return [.. errors.Select(e => e.Key)];
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Creating_an_agent_with_a_broken_flow_is_422_with_every_flow_error_by_path(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var fields = await FlowErrorsAsync(await key.Client.PostJsonAsync("/api/v1/agents", FlowAgent(BrokenFlow)));
        string[] expected =
        [
            "response_engine.flow.nodes[0].next", "response_engine.flow.nodes[1].variable",
            "response_engine.flow.nodes[1]", "response_engine.flow.nodes[2]", "response_engine.flow.nodes[2].conditions[0].regex",
        ];
        Assert.All(expected, f => Assert.Contains(f, fields));
        Assert.Equal(0, (int)(await (await key.Client.GetAsync("/api/v1/agents")).JsonAsync())["data"]!.AsArray().Count);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_demo_flow_saves_and_a_patch_that_breaks_it_is_rejected_without_a_new_version(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var created = await key.Client.PostJsonAsync("/api/v1/agents", FlowAgent(DemoAgents.AcmeDentalFlow));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.JsonAsync())["id"]!;

        var flow = JsonNode.Parse(DemoAgents.AcmeDentalFlow)!.AsObject();
        flow["start"] = "missing_node";
        var patch = JsonSerializer.Serialize(new { response_engine = new { flow } });
        var fields = await FlowErrorsAsync(await key.Client.PatchJsonAsync($"/api/v1/agents/{id}", patch));
        Assert.Contains("response_engine.flow.start", fields);

        var agent = await (await key.Client.GetAsync($"/api/v1/agents/{id}")).JsonAsync();
        Assert.Equal(1, (int)agent["version"]!);
        Assert.Equal("greeting", (string)agent["response_engine"]!["flow"]!["start"]!);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_llm_condition_needs_a_model_on_the_flow_agent(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        const string Flow = """
            {"start":"b","nodes":[{"id":"b","type":"branch","conditions":[{"llm_condition":"Is the caller upset?","next":"e"}],"default":"e"},
             {"id":"e","type":"end"}]}
            """;
        var fields = await FlowErrorsAsync(await key.Client.PostJsonAsync("/api/v1/agents", FlowAgent(Flow)));
        Assert.Contains("response_engine.flow.nodes[0].conditions[0].llm_condition", fields);
        var withModel = await key.Client.PostJsonAsync("/api/v1/agents", FlowAgent(Flow, model: "gpt-4o-mini"));
        Assert.Equal(HttpStatusCode.Created, withModel.StatusCode);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Flow_errors_alongside_other_bad_fields_are_all_reported_as_400(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var body = FlowAgent(BrokenFlow).Replace("\"name\":\"Flow agent\"", "\"name\":\"\"", StringComparison.Ordinal);
        var problem = await (await key.Client.PostJsonAsync("/api/v1/agents", body)).ProblemAsync(400, "validation_failed");
        var fields = problem["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        Assert.Contains("name", fields);
        Assert.Contains("response_engine.flow.nodes[0].next", fields);
    }
}

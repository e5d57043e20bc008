using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.PhoneNumbers;

/// <summary>What the OpenAPI document tests need to reach each documented status of the trunk and number routes.</summary>
internal static class PhoneNumberProvocations
{
    /// <summary>The agent id the OpenAPI examples use; the example test puts a real agent in its place.</summary>
    public const string ExampleAgentId = "agent_8sKd1FhJc5ZxA4e0Ek2ZtW1p";

    public static async Task<string> CreateTrunkAsync(HttpClient client) =>
        (string)(await (await client.PostJsonAsync("/api/v1/sip-trunks", """{"name":"t","address":"sip.example.com"}""")).JsonAsync())["id"]!;

    public static async Task<string> CreateNumberAsync(HttpClient client, string? number = null, string? trunkId = null)
    {
        var agentId = await client.CreateAgentAsync();
        var trunk = trunkId is null ? "null" : "\"" + trunkId + "\"";
        var response = await client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"{{number ?? TestNumbers.NewE164()}}","sip_trunk_id":{{trunk}},"inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]}""");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    /// <summary>Well-formed, naming an agent that does not exist.</summary>
    public static string UnprocessableBody() =>
        $$"""{"number":"{{TestNumbers.NewE164()}}","inbound_agents":[{"agent_id":"agent_missing","weight":1}]}""";

    /// <summary>A trunk in use cannot be deleted; a number another phone number has cannot be taken.</summary>
    public static async Task<HttpResponseMessage> ConflictAsync(TestKey owner, ApiRoute route, string id)
    {
        if (route.Resource == "sip-trunks")
        {
            await CreateNumberAsync(owner.Client, trunkId: id);
            return await owner.Client.SendAsync(route.Request(id));
        }
        var taken = TestNumbers.NewE164();
        await CreateNumberAsync(owner.Client, taken);
        var agentId = await owner.Client.CreateAgentAsync();
        return await owner.Client.SendAsync(route.Request(id,
            body: $$"""{"number":"{{taken}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]}"""));
    }
}

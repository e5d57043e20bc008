using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Calls;

/// <summary>The documented call example names only fields a real call record has.</summary>
[Collection(ApiCollection.Name)]
public sealed class CallOpenApiTests(ServerFixture fixture)
{
    [Fact]
    public async Task The_GetCall_example_uses_the_fields_of_a_real_record()
    {
        var server = await fixture.GetAsync(Providers.Sqlite);
        var a = await server.CreateKeyAsync();
        var callId = CallScript.NewCallId();
        await CallScript.FeedAsync(server, CallScript.Booking(callId, a.OrganizationId, "agent_doc", CallScript.T0));
        var real = await (await a.Client.GetAsync($"/api/v1/calls/{callId}")).JsonAsync();

        var doc = await (await server.CreateClient().GetAsync("/api/docs.json")).JsonAsync();
        var example = doc["paths"]!["/api/v1/calls/{id}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!;

        AssertSubset(example, real, "call");
        var listExample = doc["paths"]!["/api/v1/calls"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!;
        await CallScript.RecordAsync(server, a.OrganizationId, "agent_doc", CallScript.T0.AddMinutes(-5));
        var realList = await (await a.Client.GetAsync("/api/v1/calls?limit=1")).JsonAsync();
        AssertSubset(listExample, realList, "list");
        AssertSubset(listExample["data"]![0]!, realList["data"]![0]!, "list item");
        AssertSubset(example["latency"]!["turns"]![0]!, real["latency"]!["turns"]![0]!, "latency turn");
        AssertSubset(example["latency_summary"]!["stt_final_ms"]!, real["latency_summary"]!["stt_final_ms"]!, "stage");
        // Nulls are omitted, so a type's fields are the union over its entries.
        var realEntries = real["transcript"]!.AsArray().GroupBy(e => (string)e!["type"]!).ToDictionary(g => g.Key, g =>
        {
            var union = new JsonObject();
            foreach (var e in g)
            {
                foreach (var (key, value) in e!.AsObject()) union[key] = value?.DeepClone();
            }
            return (JsonNode)union;
        });
        foreach (var entry in example["transcript"]!.AsArray())
        {
            var type = (string)entry!["type"]!;
            Assert.True(realEntries.TryGetValue(type, out var actual), $"the example has a '{type}' entry no real transcript has");
            AssertSubset(entry, actual, type);
        }
    }

    private static void AssertSubset(JsonNode example, JsonNode real, string what)
    {
        var realKeys = real.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, _) in example.AsObject())
            Assert.True(realKeys.Contains(key), $"the {what} example has '{key}', a real {what} does not: {real.ToJsonString()}");
    }
}

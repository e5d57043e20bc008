using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.ControlPlane.Webhooks;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

public sealed class WebhookOpenApiTests
{
    [Fact]
    public async Task Every_event_type_has_a_webhook_entry_and_an_envelope_schema_with_typed_data()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite);
        var doc = await (await server.CreateClient().GetAsync("/api/docs.json")).JsonAsync();
        var webhooks = doc["webhooks"]!.AsObject();
        Assert.Equal(WebhookEventTypes.All.Select(t => t.Type).Order(StringComparer.Ordinal), webhooks.Select(w => w.Key).Order(StringComparer.Ordinal));

        foreach (var (type, _) in WebhookEventTypes.All)
        {
            var reference = (string)webhooks[type]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!;
            var name = reference.Split('/')[^1];
            var schema = doc["components"]!["schemas"]![name]!;
            var properties = schema["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
            Assert.True(properties.SetEquals(["id", "type", "created_at", "data"]), $"{type}: {string.Join(",", properties)}");
            Assert.NotNull(schema["properties"]!["data"]);
        }
        var text = doc.ToJsonString();
        Assert.Contains("agent_id", text, StringComparison.Ordinal);
        Assert.Contains("duration_ms", text, StringComparison.Ordinal);
        Assert.Contains("webhook-signature", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_event_data_schema_lists_exactly_the_fields_that_are_sent()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite);
        var doc = await (await server.CreateClient().GetAsync("/api/docs.json")).JsonAsync();
        var schemas = doc["components"]!["schemas"]!;

        foreach (var (type, dataType) in WebhookEventTypes.All)
        {
            var envelope = schemas["WebhookEvent_" + type.Replace('.', '_')]!;
            var data = Resolve(schemas, envelope["properties"]!["data"]!);
            var documented = data["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            var declared = dataType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).Order(StringComparer.Ordinal).ToList();
            Assert.True(documented.SequenceEqual(declared), $"{type}: documented {string.Join(",", documented)}; declared {string.Join(",", declared)}");
            // What is sent (the sample, serialized as the outbox does; null fields are left out) is all documented.
            var sent = JsonSerializer.SerializeToNode(WebhookEventTypes.Sample(type, DateTimeOffset.UnixEpoch, null),
                Switchboard.ControlPlane.Http.JsonDefaults.Options)!.AsObject().Select(p => p.Key).ToList();
            Assert.All(sent, name => Assert.Contains(name, declared));
        }

        var transcript = Resolve(schemas, Resolve(schemas, schemas["WebhookEvent_transcript_updated"]!["properties"]!["data"]!)["properties"]!["transcript"]!);
        var line = Resolve(schemas, transcript["items"]!);
        Assert.Equal(["end_ms", "interrupted", "role", "start_ms", "text"], line["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    private static JsonNode Resolve(JsonNode schemas, JsonNode schema)
    {
        for (var i = 0; i < 5 && schema["$ref"] is { } reference; i++) schema = schemas[((string)reference!).Split('/')[^1]]!;
        return schema;
    }
}

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
}

using System.Net;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

[Collection(ApiCollection.Name)]
public sealed class WebhooksApiTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_get_list_update_delete_with_the_secret_shown_once(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var agentId = await key.Client.CreateAgentAsync();

        var created = await key.Client.PostJsonAsync("/api/v1/webhooks", $$$"""
            {"url":"https://example.com/hooks","description":"CRM","event_types":["call.ended","call.analyzed"],
             "agent_id":"{{{agentId}}}","headers":{"X-Team":"ops"}}
            """);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var endpoint = await created.JsonAsync();
        var id = (string)endpoint["id"]!;
        Assert.StartsWith("whep_", id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/webhooks/{id}", created.Headers.Location?.ToString());
        var secret = (string)endpoint["secret"]!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret[6..]).Length);
        Assert.True((bool)endpoint["enabled"]!);
        Assert.Equal(["call.ended", "call.analyzed"], endpoint["event_types"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("ops", (string)endpoint["headers"]!["X-Team"]!);

        var fetchedText = await (await key.Client.GetAsync($"/api/v1/webhooks/{id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, fetchedText, StringComparison.Ordinal);
        var listText = await (await key.Client.GetAsync("/api/v1/webhooks")).Content.ReadAsStringAsync();
        Assert.Contains(id, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);

        var patched = await (await key.Client.PatchJsonAsync($"/api/v1/webhooks/{id}",
            """{"enabled":false,"event_types":[],"agent_id":"","description":""}""")).JsonAsync();
        Assert.False((bool)patched["enabled"]!);
        Assert.Equal("disabled_by_user", (string)patched["disabled_reason"]!);
        Assert.Empty(patched["event_types"]!.AsArray());
        Assert.Null(patched["agent_id"]);
        Assert.Null(patched["description"]);
        Assert.Equal("https://example.com/hooks", (string)patched["url"]!);

        var revived = await (await key.Client.PatchJsonAsync($"/api/v1/webhooks/{id}", """{"enabled":true}""")).JsonAsync();
        Assert.True((bool)revived["enabled"]!);
        Assert.Null(revived["disabled_reason"]);

        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        await (await key.Client.GetAsync($"/api/v1/webhooks/{id}")).ProblemAsync(404, "not_found");

        var audit = await (await key.Client.GetAsync("/api/v1/audit-logs?limit=100")).Content.ReadAsStringAsync();
        foreach (var action in new[] { "webhooks.create", "webhooks.update", "webhooks.delete" })
            Assert.Contains(action, audit, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Validation_names_every_bad_field(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var problem = await (await key.Client.PostJsonAsync("/api/v1/webhooks", """
            {"url":"ftp://example.com","event_types":["call.exploded"],
             "headers":{"Transfer-Encoding":"chunked","webhook-signature":"v1,forged"}}
            """)).ProblemAsync(400, "validation_failed");
        var fields = problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["event_types[0]", "headers.Transfer-Encoding", "headers.webhook-signature", "url"], fields);

        await (await key.Client.PostJsonAsync("/api/v1/webhooks", """{"url":"http://169.254.169.254/latest/meta-data"}"""))
            .ProblemAsync(400, "validation_failed");
        await (await key.Client.PostJsonAsync("/api/v1/webhooks", """{"url":"https://example.com","surprise":1}"""))
            .ProblemAsync(400, "validation_failed");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_agent_filter_must_name_an_agent_of_the_same_organization(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var other = await server.CreateKeyAsync();
        var foreignAgent = await other.Client.CreateAgentAsync();
        var key = await server.CreateKeyAsync();
        var problem = await (await key.Client.PostJsonAsync("/api/v1/webhooks",
            $$"""{"url":"https://example.com","agent_id":"{{foreignAgent}}"}""")).ProblemAsync(400, "validation_failed");
        Assert.NotNull(problem["errors"]!["agent_id"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Test_requires_a_known_event_type(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var id = await key.Client.CreateWebhookAsync();
        var problem = await (await key.Client.PostJsonAsync($"/api/v1/webhooks/{id}/test", """{"event_type":"nope"}"""))
            .ProblemAsync(400, "validation_failed");
        Assert.Contains("call.started", (string)problem["errors"]!["event_type"]![0]!, StringComparison.Ordinal);
        var accepted = await key.Client.PostJsonAsync($"/api/v1/webhooks/{id}/test", """{"event_type":"transcript.updated"}""");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.JsonAsync();
        Assert.StartsWith("evt_", (string)body["event_id"]!, StringComparison.Ordinal);
        Assert.StartsWith("whdl_", (string)body["delivery_id"]!, StringComparison.Ordinal);
    }
}

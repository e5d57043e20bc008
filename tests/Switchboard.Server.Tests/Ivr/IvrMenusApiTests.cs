using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Ivr;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.ResponseEngines.Ivr;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Ivr;

[Collection(ApiCollection.Name)]
public sealed class IvrMenusApiTests(ServerFixture fixture)
{
    private const string Definition = """
        {"prompt":"For sales press 1, for support press 2.","timeout_ms":6000,
         "options":[{"digit":"1","keywords":["sales"],"action":{"type":"transfer","target":"+15550100"}},
                    {"digit":"2","action":{"type":"submenu","menu":{"prompt":"Billing press 1.","options":[
                      {"digit":"1","action":{"type":"agent"}},{"digit":"*","action":{"type":"back"}}]}}}]}
        """;

    private static string Body(string name, string definition = Definition) => $$"""{"name":"{{name}}","description":"Main line","definition":{{definition}}}""";

    private static async Task<string> CreateMenuAsync(HttpClient client, string name = "Main")
    {
        var response = await client.PostJsonAsync("/api/v1/ivr-menus", Body(name));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.JsonAsync())["id"]!;
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_get_list_update_delete(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();

        var created = await key.Client.PostJsonAsync("/api/v1/ivr-menus", Body("Main"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var menu = await created.JsonAsync();
        var id = (string)menu["id"]!;
        Assert.StartsWith("ivr_", id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/ivr-menus/{id}", created.Headers.Location?.ToString());
        Assert.Equal("Main line", (string)menu["description"]!);
        Assert.Equal(6000, (int)menu["definition"]!["timeout_ms"]!);
        Assert.Equal("+15550100", (string)menu["definition"]!["options"]![0]!["action"]!["target"]!);

        var fetched = await (await key.Client.GetAsync($"/api/v1/ivr-menus/{id}")).JsonAsync();
        Assert.Equal("Main", (string)fetched["name"]!);
        Assert.True(JsonNode.DeepEquals(menu["definition"], fetched["definition"]));

        var second = await CreateMenuAsync(key.Client, "Second");
        var page1 = await (await key.Client.GetAsync("/api/v1/ivr-menus?limit=1")).JsonAsync();
        Assert.Equal(second, (string)page1["data"]![0]!["id"]!);
        Assert.True((bool)page1["has_more"]!);
        var page2 = await (await key.Client.GetAsync($"/api/v1/ivr-menus?limit=1&after={(string)page1["next_cursor"]!}")).JsonAsync();
        Assert.Equal(id, (string)page2["data"]![0]!["id"]!);
        Assert.False((bool)page2["has_more"]!);

        // A merge patch: the definition's other fields stay, description null removes it.
        var patched = await key.Client.PatchJsonAsync($"/api/v1/ivr-menus/{id}", """{"name":"Renamed","description":null,"definition":{"timeout_ms":9000}}""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var updated = await patched.JsonAsync();
        Assert.Equal("Renamed", (string)updated["name"]!);
        Assert.Null(updated["description"]);
        Assert.Equal(9000, (int)updated["definition"]!["timeout_ms"]!);
        Assert.Equal(2, updated["definition"]!["options"]!.AsArray().Count);

        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync($"/api/v1/ivr-menus/{id}")).StatusCode);
        await (await key.Client.GetAsync($"/api/v1/ivr-menus/{id}")).ProblemAsync(404, "not_found");
        await (await key.Client.DeleteAsync($"/api/v1/ivr-menus/{id}")).ProblemAsync(404, "not_found");
        Assert.Single((await (await key.Client.GetAsync("/api/v1/ivr-menus")).JsonAsync())["data"]!.AsArray());

        var audit = await (await key.Client.GetAsync($"/api/v1/audit-logs?target_id={id}")).JsonAsync();
        Assert.Equal(["ivr_menus.delete", "ivr_menus.update", "ivr_menus.create"], audit["data"]!.AsArray().Select(e => (string)e!["action"]!));
        Assert.Equal("ivr_menu", (string)audit["data"]![0]!["target_type"]!);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_invalid_definition_is_422_with_errors_keyed_by_path(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();

        var response = await key.Client.PostJsonAsync("/api/v1/ivr-menus", Body("Bad", """
            {"prompt":"","options":[{"digit":"1","action":{"type":"transfer"}},{"digit":"1","action":{"type":"teleport"}},
              {"digit":"2","action":{"type":"submenu","menu":{"prompt":"x","options":[{"digit":"22","action":{"type":"back"}}]}}}]}
            """));
        var errors = (await response.ProblemAsync(422, "validation_failed"))["errors"]!.AsObject();
        Assert.Equal(
            ["definition.options[0].action.target", "definition.options[1].action.type", "definition.options[1].digit",
             "definition.options[2].action.menu.options[0].digit", "definition.prompt"],
            errors.Select(e => e.Key).Order(StringComparer.Ordinal));

        var notObject = await key.Client.PostJsonAsync("/api/v1/ivr-menus", """{"name":"x","definition":[1]}""");
        Assert.Contains("definition", (await notObject.ProblemAsync(422, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));

        var id = await CreateMenuAsync(key.Client);
        var patch = await key.Client.PatchJsonAsync($"/api/v1/ivr-menus/{id}", """{"definition":{"max_retries":99}}""");
        Assert.Contains("definition.max_retries", (await patch.ProblemAsync(422, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));
        Assert.Null((await (await key.Client.GetAsync($"/api/v1/ivr-menus/{id}")).JsonAsync())["definition"]!["max_retries"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Shape_errors_are_400_and_list_the_definitions_problems_too(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();

        var missing = await key.Client.PostJsonAsync("/api/v1/ivr-menus", """{"description":"no name, no definition"}""");
        var errors = (await missing.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject();
        Assert.Equal(["definition", "name"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));

        var both = await key.Client.PostJsonAsync("/api/v1/ivr-menus", """{"name":"","definition":{"prompt":"p","options":[]}}""");
        Assert.Equal(["definition.options", "name"],
            (await both.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        await (await key.Client.PostJsonAsync("/api/v1/ivr-menus", Body("x").Replace("\"name\"", "\"nmae\"", StringComparison.Ordinal)))
            .ProblemAsync(400, "validation_failed");
        var id = await CreateMenuAsync(key.Client);
        await (await key.Client.PatchJsonAsync($"/api/v1/ivr-menus/{id}", """{"colour":"red"}""")).ProblemAsync(400, "validation_failed");
        await (await key.Client.PatchJsonAsync($"/api/v1/ivr-menus/{id}", """[1]""")).ProblemAsync(400, "validation_failed");
        await (await key.Client.GetAsync("/api/v1/ivr-menus?limit=0")).ProblemAsync(400, "validation_failed");
        await (await key.Client.GetAsync($"/api/v1/ivr-menus/{id}/sessions?after=garbage")).ProblemAsync(400, "validation_failed");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_ivr_agent_must_name_a_menu_of_its_organization(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var other = await server.CreateKeyAsync();
        var mine = await CreateMenuAsync(key.Client);
        var theirs = await CreateMenuAsync(other.Client);

        static string Agent(string menuId) => $$$"""{"name":"IVR agent","response_engine":{"type":"ivr","ivr_menu_id":"{{{menuId}}}"}}""";

        foreach (var bad in new[] { "ivr_000000000000000000000000", theirs })
        {
            var refused = await key.Client.PostJsonAsync("/api/v1/agents", Agent(bad));
            var problem = await refused.ProblemAsync(422, "validation_failed");
            Assert.Contains("No IVR menu", (string)problem["errors"]!["response_engine.ivr_menu_id"]![0]!, StringComparison.Ordinal);
        }

        var created = await key.Client.PostJsonAsync("/api/v1/agents", Agent(mine));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var agentId = (string)(await created.JsonAsync())["id"]!;

        var patch = await key.Client.PatchJsonAsync($"/api/v1/agents/{agentId}", """{"response_engine":{"ivr_menu_id":"ivr_000000000000000000000000"}}""");
        await patch.ProblemAsync(422, "validation_failed");

        // A menu an agent starts in cannot be deleted, whether the agent's newest or its published version names it.
        await (await key.Client.DeleteAsync($"/api/v1/ivr-menus/{mine}")).ProblemAsync(409, "conflict");
        await key.Client.PostAsync($"/api/v1/agents/{agentId}/publish", null);
        var other2 = await CreateMenuAsync(key.Client, "Other");
        var moved = await key.Client.PatchJsonAsync($"/api/v1/agents/{agentId}", $$$"""{"response_engine":{"ivr_menu_id":"{{{other2}}}"}}""");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await (await key.Client.DeleteAsync($"/api/v1/ivr-menus/{mine}")).ProblemAsync(409, "conflict"); // still published
        await key.Client.PostAsync($"/api/v1/agents/{agentId}/publish", null);
        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync($"/api/v1/ivr-menus/{mine}")).StatusCode);

        // A deleted menu cannot be chosen any more.
        await (await key.Client.PatchJsonAsync($"/api/v1/agents/{agentId}", $$$"""{"response_engine":{"ivr_menu_id":"{{{mine}}}"}}"""))
            .ProblemAsync(422, "validation_failed");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Recorded_sessions_are_listed_per_menu_newest_first(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var menuId = await CreateMenuAsync(key.Client);
        var recorder = server.Services.GetRequiredService<IvrSessionRecorder>();
        // Whole seconds: PostgreSQL keeps microseconds, not .NET ticks.
        var now = server.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var started = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddMinutes(-1);

        // A real walk through the menu: support, then back, then sales by voice.
        var definition = (await (await key.Client.GetAsync($"/api/v1/ivr-menus/{menuId}")).JsonAsync())["definition"]!;
        using var doc = JsonDocument.Parse(definition.ToJsonString());
        await using var engine = new IvrResponseEngine(doc.RootElement, TimeProvider.System);
        await Drain(engine.StartAsync(CancellationToken.None));
        await Drain(engine.RespondAsync(UserTurn.Keypad("2"), CancellationToken.None));
        await Drain(engine.RespondAsync(UserTurn.Keypad("*"), CancellationToken.None));
        await Drain(engine.RespondAsync(UserTurn.Speech("sales please"), CancellationToken.None));
        var firstId = await recorder.RecordAsync(key.OrganizationId, "call_first", menuId, engine, started, CancellationToken.None);
        Assert.StartsWith("ivrs_", firstId, StringComparison.Ordinal);

        var secondId = await recorder.RecordAsync(key.OrganizationId, "call_second", menuId, [], IvrOutcome.InProgress, null,
            started, started.AddSeconds(3), CancellationToken.None);

        var page1 = await (await key.Client.GetAsync($"/api/v1/ivr-menus/{menuId}/sessions?limit=1")).JsonAsync();
        var newest = page1["data"]![0]!;
        Assert.Equal(secondId, (string)newest["id"]!);
        Assert.Equal("abandoned", (string)newest["outcome"]!);
        Assert.True((bool)page1["has_more"]!);

        var page2 = await (await key.Client.GetAsync($"/api/v1/ivr-menus/{menuId}/sessions?limit=1&after={(string)page1["next_cursor"]!}")).JsonAsync();
        var first = page2["data"]![0]!;
        Assert.False((bool)page2["has_more"]!);
        Assert.Equal("call_first", (string)first["call_id"]!);
        Assert.Equal(menuId, (string)first["menu_id"]!);
        Assert.Equal("transferred", (string)first["outcome"]!);
        Assert.Equal("+15550100", (string)first["outcome_target"]!);
        Assert.Equal(started, (DateTimeOffset)first["started_at"]!);
        var path = first["path"]!.AsArray();
        Assert.Equal(["entered", "selected", "entered", "selected", "entered", "selected"], path.Select(s => (string)s!["kind"]!));
        Assert.Equal(["root", "root", "root/2", "root/2", "root", "root"], path.Select(s => (string)s!["node_id"]!));
        Assert.Equal("sales", (string)path[^1]!["keyword"]!);
        Assert.Equal("*", (string)path[3]!["digit"]!);

        // The record of past calls outlives the menu; another organization never sees it.
        await key.Client.DeleteAsync($"/api/v1/ivr-menus/{menuId}");
        Assert.Equal(2, (await (await key.Client.GetAsync($"/api/v1/ivr-menus/{menuId}/sessions")).JsonAsync())["data"]!.AsArray().Count);
        var other = await server.CreateKeyAsync();
        await (await other.Client.GetAsync($"/api/v1/ivr-menus/{menuId}/sessions")).ProblemAsync(404, "not_found");
        await (await key.Client.GetAsync("/api/v1/ivr-menus/ivr_000000000000000000000000/sessions")).ProblemAsync(404, "not_found");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_recorder_refuses_bad_input_with_clear_errors(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var other = await server.CreateKeyAsync();
        var menuId = await CreateMenuAsync(key.Client);
        var recorder = server.Services.GetRequiredService<IvrSessionRecorder>();
        var t = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

        var wrongOrg = await Assert.ThrowsAsync<ArgumentException>(() =>
            recorder.RecordAsync(other.OrganizationId, "call_1", menuId, [], IvrOutcome.HungUp, null, t, t, CancellationToken.None));
        Assert.Contains("has no IVR menu", wrongOrg.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            recorder.RecordAsync(key.OrganizationId, "", menuId, [], IvrOutcome.HungUp, null, t, t, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            recorder.RecordAsync(key.OrganizationId, "call_1", menuId, [], IvrOutcome.HungUp, null, t, t.AddSeconds(-1), CancellationToken.None));
        Assert.Empty((await (await key.Client.GetAsync($"/api/v1/ivr-menus/{menuId}/sessions")).JsonAsync())["data"]!.AsArray());
    }

    private static async Task Drain(IAsyncEnumerable<ResponseEvent> events)
    {
        await foreach (var _ in events)
        {
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

[Collection(ApiCollection.Name)]
public sealed class AgentsApiTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_get_list_update_publish_delete(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();

        var created = await key.Client.PostJsonAsync("/api/v1/agents", """
            {"name":"Receptionist","response_engine":{"type":"llm","provider":"openai","model":"gpt-4o-mini",
             "system_prompt":"Hi {{name}}","begin_message":"Hello!","temperature":0.3,"function_ids":["fn_1"]},
             "voice":{"provider":"flite","voice_id":"kal","speed":1.1},"stt":{"language":"en-GB","boosted_keywords":["Acme"]},
             "interruption_sensitivity":0.5,"responsiveness":0.8,"end_call_after_silence_ms":30000,
             "max_call_duration_ms":600000,"webhook_url":"https://example.com/hook",
             "post_call_analysis":[{"name":"booked","type":"boolean","description":"Was a slot booked?"}],
             "metadata":{"team":"front-desk"},"dynamic_variables":{"name":"caller"}}
            """);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var agent = await created.JsonAsync();
        var id = (string)agent["id"]!;
        Assert.StartsWith("agent_", id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/agents/{id}", created.Headers.Location?.ToString());
        Assert.Equal(1, (int)agent["version"]!);
        Assert.False((bool)agent["is_published"]!);
        Assert.Equal("kal", (string)agent["voice"]!["voice_id"]!);
        Assert.Equal("pocketsphinx", (string)agent["stt"]!["provider"]!); // default filled in
        Assert.Equal("front-desk", (string)agent["metadata"]!["team"]!);

        var fetched = await (await key.Client.GetAsync($"/api/v1/agents/{id}")).JsonAsync();
        Assert.Equal("Receptionist", (string)fetched["name"]!);

        var patched = await key.Client.PatchJsonAsync($"/api/v1/agents/{id}",
            """{"name":"Front desk","response_engine":{"temperature":0.9},"metadata":null}""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var v2 = await patched.JsonAsync();
        Assert.Equal(2, (int)v2["version"]!);
        Assert.Equal("Front desk", (string)v2["name"]!);
        Assert.Equal(0.9, (double)v2["response_engine"]!["temperature"]!);
        Assert.Equal("gpt-4o-mini", (string)v2["response_engine"]!["model"]!); // merge kept it
        Assert.Null(v2["metadata"]);

        var published = await (await key.Client.PostAsync($"/api/v1/agents/{id}/publish", null)).JsonAsync();
        Assert.Equal(2, (int)published["published_version"]!);
        Assert.True((bool)published["is_published"]!);

        var v3 = await (await key.Client.PatchJsonAsync($"/api/v1/agents/{id}", """{"responsiveness":0.2}""")).JsonAsync();
        Assert.Equal(3, (int)v3["version"]!);
        Assert.Equal(2, (int)v3["published_version"]!);
        Assert.False((bool)v3["is_published"]!);

        var versions = (await (await key.Client.GetAsync($"/api/v1/agents/{id}/versions")).JsonAsync())["data"]!.AsArray();
        Assert.Equal([3, 2, 1], versions.Select(v => (int)v!["version"]!));
        Assert.Equal([false, true, false], versions.Select(v => (bool)v!["is_published"]!));

        var old = await (await key.Client.GetAsync($"/api/v1/agents/{id}?version=1")).JsonAsync();
        Assert.Equal("Receptionist", (string)old["name"]!);
        await (await key.Client.GetAsync($"/api/v1/agents/{id}?version=9")).ProblemAsync(404, "not_found");

        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync($"/api/v1/agents/{id}")).StatusCode);
        await (await key.Client.GetAsync($"/api/v1/agents/{id}")).ProblemAsync(404, "not_found");
        await (await key.Client.DeleteAsync($"/api/v1/agents/{id}")).ProblemAsync(404, "not_found");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Validation_names_every_bad_field(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var response = await key.Client.PostJsonAsync("/api/v1/agents", """
            {"name":"","response_engine":{"type":"llm","temperature":5,"ivr_menu_id":"x"},"voice":{"speed":9},
             "interruption_sensitivity":2,"responsiveness":-1,"webhook_url":"ftp://x","end_call_after_silence_ms":1,
             "post_call_analysis":[{"name":"1bad","type":"date"}],"dynamic_variables":{"bad name":"x"}}
            """);
        var problem = await response.ProblemAsync(400, "validation_failed");
        var fields = problem["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        string[] expected =
        [
            "name", "response_engine.model", "response_engine.temperature", "response_engine.ivr_menu_id", "voice.speed",
            "interruption_sensitivity", "responsiveness", "webhook_url", "end_call_after_silence_ms",
            "post_call_analysis[0].name", "post_call_analysis[0].type", "dynamic_variables.bad name",
        ];
        Assert.All(expected, f => Assert.Contains(f, fields));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Engine_types_require_their_fields(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var missing = await key.Client.PostJsonAsync("/api/v1/agents", """{"name":"x"}""");
        Assert.Contains("response_engine", (await missing.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));
        var flow = await key.Client.PostJsonAsync("/api/v1/agents", """{"name":"x","response_engine":{"type":"flow"}}""");
        Assert.Contains("response_engine.flow", (await flow.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));
        var unknownMenu = await key.Client.PostJsonAsync("/api/v1/agents", """{"name":"x","response_engine":{"type":"ivr","ivr_menu_id":"ivr_1"}}""");
        Assert.Contains("response_engine.ivr_menu_id", (await unknownMenu.ProblemAsync(422, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));
        var menuId = (string)(await (await key.Client.PostJsonAsync("/api/v1/ivr-menus",
            """{"name":"m","definition":{"prompt":"Press 1.","options":[{"digit":"1","action":{"type":"hangup"}}]}}""")).JsonAsync())["id"]!;
        var ivr = await key.Client.PostJsonAsync("/api/v1/agents", $$$"""{"name":"x","response_engine":{"type":"ivr","ivr_menu_id":"{{{menuId}}}"}}""");
        Assert.Equal(HttpStatusCode.Created, ivr.StatusCode);
        var bogus = await key.Client.PostJsonAsync("/api/v1/agents", """{"name":"x","response_engine":{"type":"magic"}}""");
        Assert.Contains("response_engine.type", (await bogus.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Patch_rejects_unknown_fields_and_bad_types_without_making_a_version(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var id = await key.Client.CreateAgentAsync();
        await (await key.Client.PatchJsonAsync($"/api/v1/agents/{id}", """{"nmae":"typo"}""")).ProblemAsync(400, "validation_failed");
        await (await key.Client.PatchJsonAsync($"/api/v1/agents/{id}", """{"responsiveness":"fast"}""")).ProblemAsync(400, "validation_failed");
        await (await key.Client.PatchJsonAsync($"/api/v1/agents/{id}", """[1,2]""")).ProblemAsync(400, "validation_failed");
        var agent = await (await key.Client.GetAsync($"/api/v1/agents/{id}")).JsonAsync();
        Assert.Equal(1, (int)agent["version"]!);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task List_paginates_with_a_cursor_newest_first(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++) ids.Add(await key.Client.CreateAgentAsync($"agent {i}"));

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = "/api/v1/agents?limit=3" + (cursor is null ? "" : "&after=" + cursor);
            var page = await (await key.Client.GetAsync(url)).JsonAsync();
            seen.AddRange(page["data"]!.AsArray().Select(a => (string)a!["id"]!));
            cursor = (string?)page["next_cursor"];
            Assert.Equal(cursor is not null, (bool)page["has_more"]!);
            pages++;
        } while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
        await (await key.Client.GetAsync("/api/v1/agents?limit=0")).ProblemAsync(400, "validation_failed");
        await (await key.Client.GetAsync("/api/v1/agents?limit=101")).ProblemAsync(400, "validation_failed");
        await (await key.Client.GetAsync("/api/v1/agents?after=garbage")).ProblemAsync(400, "validation_failed");
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.PhoneNumbers;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.PhoneNumbers;

[Collection(ApiCollection.Name)]
public sealed class SipTrunksApiTests(ServerFixture fixture)
{
    private const string Password = "s3cret-Trunk-Pa55";

    private static async Task<string?> StoredPasswordAsync(TestServerInstance server, string trunkId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        return await db.SipTrunks.IgnoreQueryFilters().Where(t => t.Id == trunkId).Select(t => t.PasswordProtected).SingleAsync();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_get_list_update_delete_with_the_password_encrypted_at_rest_and_never_returned(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();

        var created = await key.Client.PostJsonAsync("/api/v1/sip-trunks",
            $$"""{"name":"Carrier A","address":"sip.carrier.example:5060","username":"acme","password":"{{Password}}","register":true,"outbound_caller_id":"+1 555 010 0100"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var text = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        var trunk = JsonNode.Parse(text)!;
        var id = (string)trunk["id"]!;
        Assert.StartsWith("trunk_", id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/sip-trunks/{id}", created.Headers.Location?.ToString());
        Assert.Null(trunk["password"]);
        Assert.True((bool)trunk["has_password"]!);
        Assert.Equal("udp", (string)trunk["transport"]!);
        Assert.True((bool)trunk["register"]!);
        Assert.Equal(3600, (int)trunk["register_expires_seconds"]!);
        Assert.Equal("+15550100100", (string)trunk["outbound_caller_id"]!);

        // The column holds ciphertext that only this server's key ring turns back into the password.
        var stored = await StoredPasswordAsync(server, id);
        Assert.NotNull(stored);
        Assert.DoesNotContain(Password, stored, StringComparison.Ordinal);
        Assert.Equal(Password, server.Services.GetRequiredService<SecretProtector>().Unprotect(stored));
        // The key ring lives in the data directory, apart from the database.
        var dataDirectory = server.Services.GetRequiredService<IOptions<SwitchboardOptions>>().Value.DataDirectory;
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dataDirectory, "keys"), "key-*.xml"));

        var fetched = await (await key.Client.GetAsync($"/api/v1/sip-trunks/{id}")).JsonAsync();
        Assert.Equal("Carrier A", (string)fetched["name"]!);
        Assert.DoesNotContain(Password, fetched.ToJsonString(), StringComparison.Ordinal);

        var second = (string)(await (await key.Client.PostJsonAsync("/api/v1/sip-trunks", """{"name":"Carrier B","address":"10.0.0.7","transport":"tcp"}""")).JsonAsync())["id"]!;
        var page1 = await (await key.Client.GetAsync("/api/v1/sip-trunks?limit=1")).JsonAsync();
        Assert.Equal(second, (string)page1["data"]![0]!["id"]!);
        Assert.False((bool)page1["data"]![0]!["has_password"]!);
        Assert.True((bool)page1["has_more"]!);
        var page2 = await (await key.Client.GetAsync($"/api/v1/sip-trunks?limit=1&after={(string)page1["next_cursor"]!}")).JsonAsync();
        Assert.Equal(id, (string)page2["data"]![0]!["id"]!);
        Assert.False((bool)page2["has_more"]!);

        // A patch without a password keeps the stored one untouched.
        var renamed = await (await key.Client.PatchJsonAsync($"/api/v1/sip-trunks/{id}", """{"name":"Carrier A2","register_expires_seconds":600}""")).JsonAsync();
        Assert.Equal("Carrier A2", (string)renamed["name"]!);
        Assert.Equal(600, (int)renamed["register_expires_seconds"]!);
        Assert.Equal("sip.carrier.example:5060", (string)renamed["address"]!);
        Assert.Equal(stored, await StoredPasswordAsync(server, id));

        var replaced = await key.Client.PatchJsonAsync($"/api/v1/sip-trunks/{id}", """{"password":"an0ther-one"}""");
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("an0ther-one", server.Services.GetRequiredService<SecretProtector>().Unprotect((await StoredPasswordAsync(server, id))!));

        // Registering needs the password, so removing it is refused until registration is off.
        var refused = await (await key.Client.PatchJsonAsync($"/api/v1/sip-trunks/{id}", """{"password":null}""")).ProblemAsync(400, "validation_failed");
        Assert.NotNull(refused["errors"]!["register"]);
        var cleared = await (await key.Client.PatchJsonAsync($"/api/v1/sip-trunks/{id}", """{"password":null,"register":false}""")).JsonAsync();
        Assert.False((bool)cleared["has_password"]!);
        Assert.Null(await StoredPasswordAsync(server, id));

        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync($"/api/v1/sip-trunks/{id}")).StatusCode);
        await (await key.Client.GetAsync($"/api/v1/sip-trunks/{id}")).ProblemAsync(404, "not_found");

        var audit = await (await key.Client.GetAsync("/api/v1/audit-logs?limit=100")).Content.ReadAsStringAsync();
        foreach (var action in new[] { "sip_trunks.create", "sip_trunks.update", "sip_trunks.delete" })
            Assert.Contains(action, audit, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Invalid_fields_are_each_named(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();

        var problem = await (await key.Client.PostJsonAsync("/api/v1/sip-trunks",
            """{"name":"","address":"bad host:99999","transport":"tls","register":true,"register_expires_seconds":5,"outbound_caller_id":"+0 12"}"""))
            .ProblemAsync(400, "validation_failed");
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "name", "address", "transport", "register", "register_expires_seconds", "outbound_caller_id" })
            Assert.True(errors.ContainsKey(field), $"No error for {field}: {errors.ToJsonString()}");

        foreach (var address in new[] { "[::1]:5060", "203.0.113.9", "sip.example.com:5080", "carrier" })
            Assert.Equal(HttpStatusCode.Created, (await key.Client.PostJsonAsync("/api/v1/sip-trunks", $$"""{"name":"ok","address":"{{address}}"}""")).StatusCode);
        foreach (var address in new[] { "[::1", "host:", "host:0", "::1", "-bad.example", "a..b" })
            await (await key.Client.PostJsonAsync("/api/v1/sip-trunks", $$"""{"name":"bad","address":"{{address}}"}""")).ProblemAsync(400, "validation_failed");

        await (await key.Client.PostJsonAsync("/api/v1/sip-trunks", """{"name":"x","address":"h","secret":"?"}""")).ProblemAsync(400, "validation_failed");
        await (await key.Client.PatchJsonAsync("/api/v1/sip-trunks/trunk_missing", """{"name":"x"}""")).ProblemAsync(404, "not_found");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_trunk_that_numbers_use_cannot_be_deleted(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var agentId = await key.Client.CreateAgentAsync();
        var trunkId = (string)(await (await key.Client.PostJsonAsync("/api/v1/sip-trunks", """{"name":"T","address":"sip.example.com"}""")).JsonAsync())["id"]!;
        var numberId = (string)(await (await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"{{TestNumbers.NewE164()}}","sip_trunk_id":"{{trunkId}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]}""")).JsonAsync())["id"]!;

        await (await key.Client.DeleteAsync($"/api/v1/sip-trunks/{trunkId}")).ProblemAsync(409, "conflict");
        Assert.Equal(HttpStatusCode.OK, (await key.Client.PatchJsonAsync($"/api/v1/phone-numbers/{numberId}", """{"sip_trunk_id":null}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync($"/api/v1/sip-trunks/{trunkId}")).StatusCode);
    }
}

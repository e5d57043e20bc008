using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.PhoneNumbers;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Secrets;

[Collection(ApiCollection.Name)]
public sealed class SecretsApiTests(ServerFixture fixture)
{
    private const string Value = "crm-token-7f3a9c1e5b";

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_list_get_replace_delete_never_show_the_value(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();

        var created = await key.Client.PostJsonAsync("/api/v1/secrets", $$"""{"name":"CRM_TOKEN","value":"{{Value}}"}""");
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/secrets/CRM_TOKEN", created.Headers.Location?.ToString());
        var secret = JsonNode.Parse(createdText)!;
        Assert.Equal("CRM_TOKEN", (string?)secret["name"]);
        Assert.Matches("^[0-9a-f]{12}$", (string?)secret["fingerprint"]);
        Assert.Null(secret["value"]);
        Assert.Equal((string?)secret["created_at"], (string?)secret["updated_at"]);
        var firstFingerprint = (string)secret["fingerprint"]!;

        var fetched = await key.Client.GetAsync("/api/v1/secrets/CRM_TOKEN");
        var listed = await key.Client.GetAsync("/api/v1/secrets");
        var listedJson = await listed.JsonAsync();
        Assert.Equal("CRM_TOKEN", (string?)Assert.Single(listedJson["data"]!.AsArray())!["name"]);
        Assert.False((bool)listedJson["has_more"]!);
        Assert.Equal(firstFingerprint, (string?)(await fetched.JsonAsync())["fingerprint"]);

        var replaced = await (await key.Client.PutAsync("/api/v1/secrets/CRM_TOKEN", Json("""{"value":"rotated-token-0001"}"""))).JsonAsync();
        Assert.NotEqual(firstFingerprint, (string?)replaced["fingerprint"]);
        Assert.Equal((string?)secret["created_at"], (string?)replaced["created_at"]);
        Assert.True(DateTimeOffset.Parse((string)replaced["updated_at"]!) >= DateTimeOffset.Parse((string)replaced["created_at"]!));

        // The same value gives the same fingerprint: a reader can tell whether two stores hold the same value.
        var back = await (await key.Client.PutAsync("/api/v1/secrets/CRM_TOKEN", Json($$"""{"value":"{{Value}}"}"""))).JsonAsync();
        Assert.Equal(firstFingerprint, (string?)back["fingerprint"]);

        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync("/api/v1/secrets/CRM_TOKEN")).StatusCode);
        await (await key.Client.GetAsync("/api/v1/secrets/CRM_TOKEN")).ProblemAsync(404, "not_found");
        await (await key.Client.DeleteAsync("/api/v1/secrets/CRM_TOKEN")).ProblemAsync(404, "not_found");
        Assert.Empty((await (await key.Client.GetAsync("/api/v1/secrets")).JsonAsync())["data"]!.AsArray());

        // Audited, by name, never with the value.
        var audit = await (await key.Client.GetAsync("/api/v1/audit-logs?limit=100")).Content.ReadAsStringAsync();
        foreach (var action in new[] { "secrets.create", "secrets.update", "secrets.delete" }) Assert.Contains(action, audit, StringComparison.Ordinal);
        Assert.Contains("CRM_TOKEN", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, audit, StringComparison.Ordinal);
        Assert.DoesNotContain("rotated-token-0001", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, createdText, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_value_is_stored_encrypted_and_decrypts_to_what_was_sent(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        Assert.Equal(HttpStatusCode.Created, (await key.Client.PostJsonAsync("/api/v1/secrets", $$"""{"name":"STORED","value":"{{Value}}"}""")).StatusCode);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var row = await db.OrganizationSecrets.IgnoreQueryFilters().SingleAsync(s => s.OrganizationId == key.OrganizationId && s.Name == "STORED");
        Assert.DoesNotContain(Value, row.ProtectedValue, StringComparison.Ordinal);
        Assert.Equal(Value, scope.ServiceProvider.GetRequiredService<SecretProtector>().Unprotect(row.ProtectedValue));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Names_and_values_are_validated_and_names_are_unique_per_organization(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();

        foreach (var name in new[] { "1ABC", "has-dash", "has space", "", new string('A', 65), "BAD\\n" })
        {
            var refused = await key.Client.PostJsonAsync("/api/v1/secrets", $$"""{"name":"{{name}}","value":"v"}""");
            Assert.Contains("name", (await refused.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));
        }
        var missing = await (await key.Client.PostJsonAsync("/api/v1/secrets", """{"name":"OK"}""")).ProblemAsync(400, "validation_failed");
        Assert.NotNull(missing["errors"]!["value"]);
        // 4097 two-byte characters: 8194 bytes of UTF-8, over the 8 KB cap although far fewer characters.
        var tooBig = await key.Client.PostJsonAsync("/api/v1/secrets", $$"""{"name":"BIG","value":"{{new string('é', 4097)}}"}""");
        Assert.NotNull((await tooBig.ProblemAsync(400, "validation_failed"))["errors"]!["value"]);
        Assert.Equal(HttpStatusCode.Created, (await key.Client.PostJsonAsync("/api/v1/secrets", $$"""{"name":"_MAX_{{new string('x', 59)}}","value":"{{new string('é', 4096)}}"}""")).StatusCode);
        await (await key.Client.PostJsonAsync("/api/v1/secrets", """{"name":"OK","value":"v","extra":1}""")).ProblemAsync(400, "validation_failed");

        Assert.Equal(HttpStatusCode.Created, (await key.Client.PostJsonAsync("/api/v1/secrets", """{"name":"TAKEN","value":"one"}""")).StatusCode);
        await (await key.Client.PostJsonAsync("/api/v1/secrets", """{"name":"TAKEN","value":"two"}""")).ProblemAsync(409, "conflict");
        // Another organization may use the same name.
        var other = await server.CreateKeyAsync();
        Assert.Equal(HttpStatusCode.Created, (await other.Client.PostJsonAsync("/api/v1/secrets", """{"name":"TAKEN","value":"three"}""")).StatusCode);

        await (await key.Client.PutAsync("/api/v1/secrets/NOPE", Json("""{"value":"x"}"""))).ProblemAsync(404, "not_found");
        var renamed = await (await key.Client.PutAsync("/api/v1/secrets/TAKEN", Json("""{"name":"OTHER","value":"x"}"""))).ProblemAsync(400, "validation_failed");
        Assert.NotNull(renamed["errors"]!["name"]);
        var empty = await (await key.Client.PutAsync("/api/v1/secrets/TAKEN", Json("""{"value":""}"""))).ProblemAsync(400, "validation_failed");
        Assert.NotNull(empty["errors"]!["value"]);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

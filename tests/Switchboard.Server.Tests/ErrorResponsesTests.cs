using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

[Collection(ApiCollection.Name)]
public sealed class ErrorResponsesTests(ServerFixture fixture)
{
    [Fact]
    public async Task Malformed_json_is_400_with_its_position()
    {
        var key = await (await fixture.GetAsync(Providers.Sqlite)).CreateKeyAsync();
        var problem = await (await key.Client.PostJsonAsync("/api/v1/agents", "{\n  \"name\": \"x\",\n  oops\n}")).ProblemAsync(400, "malformed_json");
        Assert.Equal(3, (int)problem["line"]!);
        Assert.True((int)problem["position"]! >= 1);
    }

    [Fact]
    public async Task Unknown_fields_are_refused_by_name()
    {
        var key = await (await fixture.GetAsync(Providers.Sqlite)).CreateKeyAsync();
        var problem = await (await key.Client.PostJsonAsync("/api/v1/agents", """{"name":"x","colour":"red"}""")).ProblemAsync(400, "validation_failed");
        Assert.NotNull(problem["errors"]!["colour"]);
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        var key = await (await fixture.GetAsync(Providers.Sqlite)).CreateKeyAsync();
        var response = await key.Client.PostAsync("/api/v1/agents", new StringContent("""{"name":"x"}""", Encoding.UTF8, "text/plain"));
        await response.ProblemAsync(415, "unsupported_media_type");
    }

    [Fact]
    public async Task Bodies_over_one_megabyte_are_413()
    {
        var key = await (await fixture.GetAsync(Providers.Sqlite)).CreateKeyAsync();
        var big = "{\"name\":\"" + new string('a', 1024 * 1024) + "\"}";
        await (await key.Client.PostJsonAsync("/api/v1/agents", big)).ProblemAsync(413, "payload_too_large");
    }

    [Fact]
    public async Task Unknown_route_is_404_problem()
    {
        var server = await fixture.GetAsync(Providers.Sqlite);
        var key = await server.CreateKeyAsync();
        await (await key.Client.GetAsync("/api/v1/no-such-thing")).ProblemAsync(404, "not_found");
        await (await server.CreateClient().GetAsync("/nothing-here")).ProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task Wrong_method_is_405_problem()
    {
        var key = await (await fixture.GetAsync(Providers.Sqlite)).CreateKeyAsync();
        await (await key.Client.PutAsync("/api/v1/agents", new StringContent("{}", Encoding.UTF8, "application/json"))).ProblemAsync(405, "method_not_allowed");
    }

    [Fact]
    public async Task Request_id_is_echoed_or_generated()
    {
        var server = await fixture.GetAsync(Providers.Sqlite);
        var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-Id", "my-trace-42");
        var echoed = await client.SendAsync(request);
        Assert.Equal("my-trace-42", echoed.Headers.GetValues("X-Request-Id").Single());

        var generated = await client.GetAsync("/api/v1/agents");
        var id = generated.Headers.GetValues("X-Request-Id").Single();
        Assert.StartsWith("req_", id, StringComparison.Ordinal);
        var problem = await generated.ProblemAsync(401, "missing_api_key");
        Assert.Equal(id, (string)problem["request_id"]!);

        using var hostile = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        hostile.Headers.TryAddWithoutValidation("X-Request-Id", new string('x', 500));
        Assert.StartsWith("req_", (await client.SendAsync(hostile)).Headers.GetValues("X-Request-Id").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authentication_failures_are_401_problems()
    {
        var server = await fixture.GetAsync(Providers.Sqlite);
        var client = server.CreateClient();
        await (await client.GetAsync("/api/v1/agents")).ProblemAsync(401, "missing_api_key");

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "abc");
        await (await client.GetAsync("/api/v1/agents")).ProblemAsync(401, "invalid_api_key");

        // Well-formed (valid checksum) but unknown.
        var unknown = server.CreateClient(Support.KeyFactory.WellFormedUnknownKey());
        var response = await unknown.GetAsync("/api/v1/agents");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}

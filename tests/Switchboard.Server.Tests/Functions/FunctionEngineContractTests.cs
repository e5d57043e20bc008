using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Functions;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Functions;

/// <summary>The executor and tool catalog as the call engine will use them: from a scope of its own, not a request.</summary>
[Collection(ApiCollection.Name)]
public sealed class FunctionEngineContractTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Executes_by_name_for_a_call_and_keeps_organizations_apart(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var b = await server.CreateKeyAsync();
        var id = await FunctionsApiTests.CreateBuiltinAsync(a.Client, "calculator", ""","name":"math","speak_during_execution":true""");
        var args = JsonDocument.Parse("""{"expression":"6*7"}""").RootElement;

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var executor = scope.ServiceProvider.GetRequiredService<FunctionExecutor>();
            var result = await executor.ExecuteAsync(a.OrganizationId, "math", args, callId: "call_engine_1");
            Assert.True(result.Succeeded, result.Error?.Message);
            Assert.Equal(42, result.Result!.Value.GetProperty("result").GetDouble());
            Assert.Equal(id, result.FunctionId);
            Assert.Equal(1, result.FunctionVersion);
            await Assert.ThrowsAsync<ArgumentException>(() => executor.ExecuteAsync(b.OrganizationId, "math", args));
        }

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var executor = scope.ServiceProvider.GetRequiredService<FunctionExecutor>();
            var foreign = await executor.ExecuteAsync(b.OrganizationId, id, args);
            Assert.Equal(FunctionErrorCodes.FunctionNotFound, foreign.Error?.Code);
            Assert.Null(foreign.ExecutionId);
        }

        var logged = (await (await a.Client.GetAsync($"/api/v1/functions/{id}/executions?call_id=call_engine_1")).JsonAsync())["data"]!.AsArray();
        Assert.Single(logged);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Tool_catalog_gives_the_newest_definition_in_the_order_asked(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var end = await FunctionsApiTests.CreateBuiltinAsync(key.Client, "end_call");
        var calc = await FunctionsApiTests.CreateBuiltinAsync(key.Client, "calculator", ",\"speak_during_execution\":true,\"filler_line\":\"Let me work that out.\"");
        await key.Client.PatchJsonAsync($"/api/v1/functions/{calc}", """{"timeout_ms":3000}""");

        await using var scope = server.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<FunctionToolCatalog>();
        var tools = await catalog.GetAsync(key.OrganizationId, [calc, "fn_missing", end]);
        Assert.Equal([calc, end], tools.Select(t => t.FunctionId));
        Assert.Equal(2, tools[0].Version);
        Assert.Equal(3000, tools[0].TimeoutMs);
        Assert.Equal("Let me work that out.", tools[0].FillerLine);
        Assert.True(tools[0].RunsOnServer);
        Assert.Equal("object", tools[0].Parameters.GetProperty("type").GetString());
        Assert.False(tools[1].RunsOnServer);
        Assert.Equal("end_call", tools[1].Name);
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Functions;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;
using Switchboard.Realtime.Tools.BuiltIns;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Functions;

/// <summary>Registered functions reach the call engine as tools and run through the executor, logged per call.</summary>
public sealed class FunctionToolRegistryTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_agents_functions_are_tools_that_run_validated_and_logged_with_the_call_id(string provider)
    {
        await using var server = await TestServerInstance.StartAsync(provider);
        var key = await server.CreateKeyAsync();
        var calc = await FunctionsApiTests.CreateBuiltinAsync(key.Client, "calculator");
        var call = new CallContext
        {
            CallId = "call_tools_1",
            OrganizationId = key.OrganizationId,
            Agent = new AgentDefinition { Id = "agent_x", Engine = ResponseEngineKind.Llm, FunctionIds = [calc, "fn_missing"] },
        };
        var registry = new CompositeToolRegistry(new BuiltInToolRegistry(), server.Services.GetRequiredService<FunctionToolRegistry>());

        var tools = await registry.GetToolsAsync(call, CancellationToken.None);
        Assert.Contains(tools, t => t.Name == "calculator" && t.ParametersSchema.GetProperty("type").GetString() == "object");
        Assert.Contains(tools, t => t.Name == "end_call");

        var ok = await registry.InvokeAsync(new ToolInvocation(call, "call_tools_1:t1", "calculator",
            JsonDocument.Parse("""{"expression":"6*7"}""").RootElement), CancellationToken.None);
        Assert.False(ok.IsError, ok.Content);
        Assert.Equal(42, JsonDocument.Parse(ok.Content).RootElement.GetProperty("result").GetDouble());

        var bad = await registry.InvokeAsync(new ToolInvocation(call, "call_tools_1:t2", "calculator",
            JsonDocument.Parse("""{"expr":"1"}""").RootElement), CancellationToken.None);
        Assert.True(bad.IsError);
        Assert.Contains("invalid_arguments", bad.Content);

        var log = await (await key.Client.GetAsync($"/api/v1/functions/{calc}/executions?call_id=call_tools_1")).JsonAsync();
        Assert.Equal(2, log["data"]!.AsArray().Count);

        // Another organization's call cannot reach this organization's function.
        var other = await server.CreateKeyAsync();
        var foreign = await registry.InvokeAsync(new ToolInvocation(call with { OrganizationId = other.OrganizationId }, "k", "calculator",
            JsonDocument.Parse("""{"expression":"1"}""").RootElement), CancellationToken.None);
        Assert.True(foreign.IsError);
        Assert.Contains("calculator", foreign.Content);
    }
}

using System.Text.Json.Nodes;
using Switchboard.ControlPlane;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Simulation;
using Switchboard.Realtime.Tools;
using Switchboard.Realtime.Tools.BuiltIns;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Simulation;

public sealed class DemoAgentTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task First_start_puts_Acme_Dental_in_the_default_organization_once_and_it_talks(string provider)
    {
        await using var server = await TestServerInstance.StartAsync(provider);
        var id = await ControlPlaneAdmin.SeedDemoAgentAsync(server.Services);
        Assert.NotNull(id);
        Assert.Null(await ControlPlaneAdmin.SeedDemoAgentAsync(server.Services));

        var key = await server.CreateKeyAsync("default");
        var list = await (await key.Client.GetAsync("/api/v1/agents")).JsonAsync();
        var agent = Assert.Single(list["data"]!.AsArray())!;
        Assert.Equal(id, (string)agent["id"]!);
        Assert.Equal("Acme Dental", (string)agent["name"]!);

        // Deleted by its owner: a restart does not bring it back.
        Assert.True((await key.Client.DeleteAsync($"/api/v1/agents/{id}")).IsSuccessStatusCode);
        Assert.Null(await ControlPlaneAdmin.SeedDemoAgentAsync(server.Services));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_seeded_agent_loads_by_name_and_books_a_visit_with_zero_configuration(string provider)
    {
        await using var server = await TestServerInstance.StartAsync(provider);
        await ControlPlaneAdmin.SeedDemoAgentAsync(server.Services);
        var (definition, organization) = await ControlPlaneAdmin.LoadAgentAsync(server.Services, "Acme Dental", null);
        Assert.Equal(1, definition.Version);

        var factory = new ResponseEngineFactory(new BuiltInToolRegistry(), new InMemoryToolCallJournal());
        var test = new AgentTestCase
        {
            Name = "demo",
            Turns =
            [
                new AgentTestTurn { User = "I have a toothache", Expect = new AgentTestExpectation { Variables = new Dictionary<string, string> { ["reason"] = "emergency" } } },
                new AgentTestTurn { User = "Sam" },
                new AgentTestTurn { User = "thursday" },
                new AgentTestTurn { User = "yes", Expect = new AgentTestExpectation { CallEnded = true, ReplyContains = ["Thursday"] } },
            ],
        };
        var result = await AgentTestRunner.RunAsync(test, variables => factory.Create(new Realtime.Sessions.CallContext
        {
            CallId = "call_demo", OrganizationId = organization, Agent = definition, Variables = variables,
        }), CancellationToken.None);
        Assert.True(result.Passed, string.Join("\n", result.Failures.Concat(result.Transcript)));
    }
}

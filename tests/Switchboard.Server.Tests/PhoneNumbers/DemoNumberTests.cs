using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane;
using Switchboard.ControlPlane.Telephony;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.PhoneNumbers;

public sealed class DemoNumberTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_fresh_install_answers_number_1000_with_the_demo_agent_and_seeding_again_adds_nothing(string provider)
    {
        await using var server = await TestServerInstance.StartAsync(provider);
        var agentId = await ControlPlaneAdmin.SeedDemoAgentAsync(server.Services);
        Assert.NotNull(agentId);
        Assert.Null(await ControlPlaneAdmin.SeedDemoAgentAsync(server.Services));

        var route = await server.Services.GetRequiredService<IInboundCallRouter>().ResolveAsync("1000", null, "sip", CancellationToken.None);
        Assert.NotNull(route);
        Assert.Equal(agentId, route.AgentId);
        Assert.Null(route.AgentVersion);

        var key = await server.CreateKeyAsync("default");
        var numbers = await (await key.Client.GetAsync("/api/v1/phone-numbers")).JsonAsync();
        var number = Assert.Single(numbers["data"]!.AsArray())!;
        Assert.Equal("1000", (string)number["number"]!);
        Assert.Null(number["sip_trunk_id"]);
        Assert.Equal(route.OrganizationId, key.OrganizationId);
    }
}

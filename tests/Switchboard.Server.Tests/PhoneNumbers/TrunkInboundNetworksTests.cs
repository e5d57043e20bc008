using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Telephony;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.Telephony;

namespace Switchboard.Server.Tests.PhoneNumbers;

/// <summary>A trunk's <c>inbound_networks</c>: its numbers are found only by SIP calls from those networks.</summary>
[Collection("sip-gateway")]
public sealed class TrunkInboundNetworksTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_numbers_trunk_networks_decide_who_reaches_it_over_sip(string provider)
    {
        await using var server = await TestServerInstance.StartAsync(provider, new Dictionary<string, string?> { ["Webhooks:DispatcherEnabled"] = "false" });
        var key = await server.CreateKeyAsync();
        var agentId = await key.Client.CreateAgentAsync();

        foreach (var entries in new[] { "\"203.0.113.0/24\",\"not-an-address\"", "\"10.0.0.0/33\"", "\"1.2.3.4,5.6.7.8\"", "null" })
        {
            var problem = await (await key.Client.PostJsonAsync("/api/v1/sip-trunks",
                $$"""{"name":"c","address":"sip.carrier.example","inbound_networks":[{{entries}}]}""")).ProblemAsync(400, "validation_failed");
            Assert.True(problem["errors"]!.AsObject().ContainsKey("inbound_networks"), problem.ToJsonString());
        }

        var created = await (await key.Client.PostJsonAsync("/api/v1/sip-trunks",
            """{"name":"c","address":"sip.carrier.example","inbound_networks":["203.0.113.0/24","2001:db8::/32"," 198.51.100.7 "]}""")).JsonAsync();
        var trunkId = (string)created["id"]!;
        Assert.Equal("""["203.0.113.0/24","2001:db8::/32","198.51.100.7"]""", created["inbound_networks"]!.ToJsonString());
        var number = TestNumbers.NewE164();
        var numberResponse = await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"{{number}}","sip_trunk_id":"{{trunkId}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]}""");
        Assert.True(numberResponse.IsSuccessStatusCode, await numberResponse.Content.ReadAsStringAsync());

        var router = server.Services.GetRequiredService<IInboundCallRouter>();
        Assert.NotNull(await router.ResolveAsync(number, null, "sip", IPAddress.Parse("203.0.113.9"), CancellationToken.None));
        Assert.NotNull(await router.ResolveAsync(number, null, "sip", IPAddress.Parse("::ffff:198.51.100.7"), CancellationToken.None));
        Assert.NotNull(await router.ResolveAsync(number, null, "sip", IPAddress.Parse("2001:db8::1"), CancellationToken.None));
        Assert.Null(await router.ResolveAsync(number, null, "sip", IPAddress.Parse("192.0.2.1"), CancellationToken.None));
        // Not a SIP source (a media stream's webhook): the trunk's networks do not apply.
        Assert.NotNull(await router.ResolveAsync(number, null, "twilio", CancellationToken.None));

        // A merge patch with an empty list lets any source in again.
        var patched = await (await key.Client.PatchJsonAsync($"/api/v1/sip-trunks/{trunkId}", """{"inbound_networks":[]}""")).JsonAsync();
        Assert.Equal("[]", patched["inbound_networks"]!.ToJsonString());
        Assert.NotNull(await router.ResolveAsync(number, null, "sip", IPAddress.Parse("192.0.2.1"), CancellationToken.None));
    }

    [Fact]
    public async Task An_invite_from_outside_the_trunks_networks_gets_404_and_one_from_inside_is_answered()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?>
        {
            ["Sip:Enabled"] = "true",
            ["Sip:BindAddress"] = "127.0.0.1",
            ["Sip:Port"] = "0",
            ["Sip:RtpPortRange"] = "47600-47699",
            ["Webhooks:DispatcherEnabled"] = "false",
        });
        var sipPort = server.Services.GetRequiredService<SipGateway>().Status.Port;
        var key = await server.CreateKeyAsync();
        var agentId = await key.Client.CreateAgentAsync();
        var trunk = await (await key.Client.PostJsonAsync("/api/v1/sip-trunks",
            """{"name":"c","address":"127.0.0.1:5999","inbound_networks":["192.0.2.0/24"]}""")).JsonAsync();
        var number = TestNumbers.NewUserPart();
        var created = await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"{{number}}","sip_trunk_id":"{{(string)trunk["id"]!}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]}""");
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        Assert.StartsWith("SIP/2.0 404 ", await RawSipClient.InviteAsync(sipPort, number), StringComparison.Ordinal);

        await key.Client.PatchJsonAsync($"/api/v1/sip-trunks/{(string)trunk["id"]!}", """{"inbound_networks":["127.0.0.0/8"]}""");
        Assert.StartsWith("SIP/2.0 200 ", await RawSipClient.InviteAsync(sipPort, number), StringComparison.Ordinal);
    }
}

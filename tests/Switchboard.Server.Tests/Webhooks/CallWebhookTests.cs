using Switchboard.Server.Tests.Calls;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>The call recorder puts call.started and call.ended into the outbox with the call row itself.</summary>
public sealed class CallWebhookTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_recorded_call_sends_call_started_and_call_ended_in_order(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.CreateEndpointAsync(receiver.Url, "\"event_types\":[\"call.started\",\"call.ended\"]");
        var agentId = await host.Client.CreateAgentAsync("Caller");

        var callId = await CallScript.RecordAsync(host.Server, host.Key.OrganizationId, agentId, CallScript.T0);
        await host.DrainAsync();

        var received = receiver.Received;
        Assert.Equal(["call.started", "call.ended"], received.Select(r => (string)r.Json["type"]!));
        Assert.All(received, r => Assert.Equal(callId, (string)r.Json["data"]!["call_id"]!));
        Assert.Equal(agentId, (string)received[1].Json["data"]!["agent_id"]!);
        Assert.True((long)received[1].Json["data"]!["duration_ms"]! > 0);
    }
}

using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// The batched dispatcher: one round sends a backlog of several endpoints, each endpoint in creation order, and an
/// endpoint's run stops at its first failure so nothing overtakes the delivery waiting for its retry.
/// </summary>
public sealed class WebhookBatchTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task One_round_delivers_the_backlog_of_several_endpoints_each_in_creation_order(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        var receivers = new List<WebhookReceiver>();
        try
        {
            var expected = new List<List<string>>();
            for (var r = 0; r < 3; r++)
            {
                var receiver = await WebhookReceiver.StartAsync();
                receivers.Add(receiver);
                expected.Add([]);
            }
            var endpointIds = new List<string>();
            foreach (var receiver in receivers) endpointIds.Add((string)(await host.CreateEndpointAsync(receiver.Url))["id"]!);
            for (var n = 0; n < 5; n++)
            {
                for (var r = 0; r < receivers.Count; r++) expected[r].Add(await host.SendTestEventAsync(endpointIds[r]));
            }

            Assert.Equal(15, await host.Dispatcher.RunOnceAsync(CancellationToken.None));
            for (var r = 0; r < receivers.Count; r++) Assert.Equal(expected[r], receivers[r].Received.Select(x => x.Id));
            Assert.Equal(0, await host.Dispatcher.RunOnceAsync(CancellationToken.None));
            foreach (var id in endpointIds) Assert.Empty(await host.DeliveriesAsync(id, "?outcome=pending"));
        }
        finally
        {
            foreach (var receiver in receivers) await receiver.DisposeAsync();
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_failure_inside_a_run_holds_back_the_rest_until_its_retry(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync((i, _) => i == 2 ? new ReceiverReply(503) : ReceiverReply.Ok);
        var endpointId = (string)(await host.CreateEndpointAsync(receiver.Url))["id"]!;
        var events = new List<string>();
        for (var n = 0; n < 6; n++) events.Add(await host.SendTestEventAsync(endpointId));

        await host.DrainAsync();
        Assert.Equal(events[..3], receiver.Received.Select(r => r.Id));
        Assert.Equal(4, (await host.DeliveriesAsync(endpointId, "?outcome=pending")).Count);

        host.Time.Advance(TimeSpan.FromSeconds(10));
        await host.DrainAsync();
        Assert.Equal([.. events[..3], .. events[2..]], receiver.Received.Select(r => r.Id));
        Assert.Empty(await host.DeliveriesAsync(endpointId, "?outcome=pending"));
    }
}

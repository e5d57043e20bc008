using System.Net;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>Deliveries to real receivers, on virtual time: signing, retries, Retry-After, redirects, ordering.</summary>
public sealed class WebhookDeliveryTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Publishing_an_agent_delivers_a_signed_agent_deployed_event(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await host.CreateEndpointAsync(receiver.Url, "\"event_types\":[\"agent.deployed\"]");
        var secret = (string)endpoint["secret"]!;
        var agentId = await host.Client.CreateAgentAsync("Deployed agent");

        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync($"/api/v1/agents/{agentId}/publish", null)).StatusCode);
        await host.DrainAsync();

        var request = Assert.Single(receiver.Received);
        var body = request.Json;
        Assert.Equal("agent.deployed", (string)body["type"]!);
        Assert.Equal(request.Id, (string)body["id"]!);
        Assert.StartsWith("evt_", request.Id, StringComparison.Ordinal);
        Assert.Equal(agentId, (string)body["data"]!["agent_id"]!);
        Assert.Equal(1, (int)body["data"]!["version"]!);
        Assert.Equal("Deployed agent", (string)body["data"]!["name"]!);
        Assert.Equal(host.Time.GetUtcNow().ToUnixTimeSeconds(), request.Timestamp);
        Assert.Equal("application/json", request.Headers["content-type"].Split(';')[0]);
        Assert.True(SignatureCheck.SignedWith(request, secret));
        Assert.False(SignatureCheck.SignedWith(request, Switchboard.ControlPlane.Webhooks.WebhookSigner.NewSecret()));

        // Publishing what is already published changes nothing and emits nothing.
        await host.Client.PostAsync($"/api/v1/agents/{agentId}/publish", null);
        await host.DrainAsync();
        Assert.Single(receiver.Received);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_failed_attempt_is_retried_after_five_seconds_with_the_same_id_and_body(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync((i, _) => i == 0 ? new ReceiverReply(500, "boom") : ReceiverReply.Ok);
        var endpointId = (string)(await host.CreateEndpointAsync(receiver.Url))["id"]!;
        var eventId = await host.SendTestEventAsync(endpointId);

        await host.DrainAsync();
        Assert.Single(receiver.Received);
        host.Time.Advance(TimeSpan.FromSeconds(4)); // below the earliest jittered retry (4.5 s)
        await host.DrainAsync();
        Assert.Single(receiver.Received);
        host.Time.Advance(TimeSpan.FromSeconds(2)); // past the latest (5.5 s)
        await host.DrainAsync();

        var received = receiver.Received;
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.Equal(eventId, r.Id));
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.Equal(received[0].Timestamp + 6, received[1].Timestamp);

        var delivery = Assert.Single(await host.DeliveriesAsync(endpointId))!;
        Assert.Equal("succeeded", (string)delivery["outcome"]!);
        Assert.Equal(2, (int)delivery["attempt_count"]!);
        var attempts = delivery["attempts"]!.AsArray();
        Assert.Equal(500, (int)attempts[0]!["status_code"]!);
        Assert.Equal("boom", (string)attempts[0]!["response_excerpt"]!);
        Assert.Contains("500", (string)attempts[0]!["error"]!, StringComparison.Ordinal);
        Assert.Equal(200, (int)attempts[1]!["status_code"]!);
        Assert.Null(attempts[1]!["error"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Retry_after_postpones_the_next_attempt(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync((i, _) => i == 0 ? new ReceiverReply(503, RetryAfter: "120") : ReceiverReply.Ok);
        var endpointId = (string)(await host.CreateEndpointAsync(receiver.Url))["id"]!;
        await host.SendTestEventAsync(endpointId);

        await host.DrainAsync();
        host.Time.Advance(TimeSpan.FromSeconds(60)); // the schedule alone would have retried after ~5 s
        await host.DrainAsync();
        Assert.Single(receiver.Received);
        var pending = Assert.Single(await host.DeliveriesAsync(endpointId))!;
        Assert.Equal("pending", (string)pending["outcome"]!);

        host.Time.Advance(TimeSpan.FromSeconds(61));
        await host.DrainAsync();
        Assert.Equal(2, receiver.Received.Count);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_schedule_gives_up_after_the_tenth_attempt(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => new ReceiverReply(500));
        var endpointId = (string)(await host.CreateEndpointAsync(receiver.Url))["id"]!;
        await host.SendTestEventAsync(endpointId);

        await host.DrainAsync();
        foreach (var step in Switchboard.ControlPlane.Webhooks.WebhookRetrySchedule.Delays)
        {
            host.Time.Advance(step * 1.1 + TimeSpan.FromSeconds(1));
            await host.DrainAsync();
        }
        Assert.Equal(10, receiver.Received.Count);
        host.Time.Advance(TimeSpan.FromDays(1));
        await host.DrainAsync();
        Assert.Equal(10, receiver.Received.Count);

        var delivery = Assert.Single(await host.DeliveriesAsync(endpointId, "?outcome=failed"))!;
        Assert.Equal(10, delivery["attempts"]!.AsArray().Count);
        // About 3.5 days of failures: not yet the 5 days that disable an endpoint.
        var endpoint = await (await host.Client.GetAsync($"/api/v1/webhooks/{endpointId}")).JsonAsync();
        Assert.True((bool)endpoint["enabled"]!);
        Assert.NotNull(endpoint["failing_since"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_redirect_is_recorded_as_a_failure_and_not_followed(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var target = await WebhookReceiver.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => new ReceiverReply(307, Location: target.Url));
        var endpointId = (string)(await host.CreateEndpointAsync(receiver.Url))["id"]!;
        await host.SendTestEventAsync(endpointId);

        await host.DrainAsync();
        Assert.Single(receiver.Received);
        Assert.Empty(target.Received);
        var attempt = (await host.DeliveriesAsync(endpointId))[0]!["attempts"]![0]!;
        Assert.Equal(307, (int)attempt["status_code"]!);
        Assert.Contains("not followed", (string)attempt["error"]!, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_endpoint_gets_its_events_in_creation_order_while_others_are_not_held_up(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var slow = await WebhookReceiver.StartAsync((i, _) => i == 0 ? new ReceiverReply(500) : ReceiverReply.Ok);
        await using var fast = await WebhookReceiver.StartAsync();
        var slowId = (string)(await host.CreateEndpointAsync(slow.Url))["id"]!;
        var fastId = (string)(await host.CreateEndpointAsync(fast.Url))["id"]!;

        var first = await host.SendTestEventAsync(slowId, "call.started");
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await host.SendTestEventAsync(slowId, "call.ended");
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var third = await host.SendTestEventAsync(slowId, "call.analyzed");
        var fastFirst = await host.SendTestEventAsync(fastId, "call.started");
        var fastSecond = await host.SendTestEventAsync(fastId, "call.ended");

        await host.DrainAsync();
        Assert.Equal([first], slow.Received.Select(r => r.Id));   // the later ones wait behind the failed first
        Assert.Equal([fastFirst, fastSecond], fast.Received.Select(r => r.Id));

        host.Time.Advance(TimeSpan.FromSeconds(10));
        await host.DrainAsync();
        Assert.Equal([first, first, second, third], slow.Received.Select(r => r.Id));
    }
}

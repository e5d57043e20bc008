using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Webhooks;
using Switchboard.ControlPlane.Webhooks.Events;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>Disabling, the delivery log tools (filter, paging, retry, replay), secret rotation and agent URLs.</summary>
public sealed class WebhookEndpointLifecycleTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Gone_disables_the_endpoint_and_replay_and_retry_bring_the_events_back_in_order(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync((i, _) => i == 0 ? new ReceiverReply(410) : ReceiverReply.Ok);
        await using var watcher = await WebhookReceiver.StartAsync();
        var endpointId = (string)(await host.CreateEndpointAsync(receiver.Url))["id"]!;
        var watcherId = (string)(await host.CreateEndpointAsync(watcher.Url, "\"event_types\":[\"webhook.endpoint_disabled\"]"))["id"]!;
        var since = host.Time.GetUtcNow();

        var a = await host.SendTestEventAsync(endpointId, "call.started");
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var b = await host.SendTestEventAsync(endpointId, "call.ended");
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var c = await host.SendTestEventAsync(endpointId, "call.ended");
        await host.DrainAsync();

        Assert.Equal([a], receiver.Received.Select(r => r.Id));
        var endpoint = await (await host.Client.GetAsync($"/api/v1/webhooks/{endpointId}")).JsonAsync();
        Assert.False((bool)endpoint["enabled"]!);
        Assert.Equal("gone", (string)endpoint["disabled_reason"]!);
        var notice = Assert.Single(watcher.Received).Json;
        Assert.Equal("webhook.endpoint_disabled", (string)notice["type"]!);
        Assert.Equal(endpointId, (string)notice["data"]!["endpoint_id"]!);
        Assert.Equal("gone", (string)notice["data"]!["reason"]!);

        // The log: all three failed (two never attempted), filterable and paged.
        Assert.Equal(3, (await host.DeliveriesAsync(endpointId, "?outcome=failed")).Count);
        Assert.Empty(await host.DeliveriesAsync(endpointId, "?outcome=succeeded"));
        Assert.Equal(2, (await host.DeliveriesAsync(endpointId, "?event_type=call.ended")).Count);
        Assert.Empty(await host.DeliveriesAsync(endpointId, "?event_type=error"));
        await (await host.Client.GetAsync($"/api/v1/webhooks/{endpointId}/deliveries?outcome=lost")).ProblemAsync(400, "validation_failed");
        await (await host.Client.GetAsync($"/api/v1/webhooks/{endpointId}/deliveries?event_type=call.exploded")).ProblemAsync(400, "validation_failed");
        var page1 = await (await host.Client.GetAsync($"/api/v1/webhooks/{endpointId}/deliveries?limit=2")).JsonAsync();
        Assert.True((bool)page1["has_more"]!);
        var page2 = await (await host.Client.GetAsync($"/api/v1/webhooks/{endpointId}/deliveries?limit=2&after={page1["next_cursor"]}")).JsonAsync();
        Assert.Single(page2["data"]!.AsArray());
        Assert.Equal(watcher.Received.Count, (await host.DeliveriesAsync(watcherId)).Count);

        // Disabled: replay is refused until the endpoint is enabled again.
        await (await host.Client.PostJsonAsync($"/api/v1/webhooks/{endpointId}/replay", $"{{\"since\":\"{since:O}\"}}")).ProblemAsync(409, "conflict");
        await host.Client.PatchJsonAsync($"/api/v1/webhooks/{endpointId}", """{"enabled":true}""");
        await (await host.Client.PostJsonAsync($"/api/v1/webhooks/{endpointId}/replay", "{}")).ProblemAsync(400, "validation_failed");
        var replay = await (await host.Client.PostJsonAsync($"/api/v1/webhooks/{endpointId}/replay", $"{{\"since\":\"{since:O}\"}}")).JsonAsync();
        Assert.Equal(3, (int)replay["replayed"]!);
        await host.DrainAsync();
        Assert.Equal([a, a, b, c], receiver.Received.Select(r => r.Id));
        Assert.Equal(3, (await host.DeliveriesAsync(endpointId, "?outcome=succeeded")).Count);

        // A single delivery sent again on request: same id, same body.
        var deliveryId = (string)(await host.DeliveriesAsync(endpointId))[0]!["id"]!;
        var retried = await host.Client.PostAsync($"/api/v1/webhooks/{endpointId}/deliveries/{deliveryId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        await host.DrainAsync();
        Assert.Equal(5, receiver.Received.Count);
        Assert.Equal(receiver.Received[3].Body, receiver.Received[4].Body);
        await (await host.Client.PostAsync($"/api/v1/webhooks/{endpointId}/deliveries/whdl_nope/retry", null)).ProblemAsync(404, "not_found");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Five_days_of_failures_disable_the_endpoint_and_announce_it(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => new ReceiverReply(500));
        await using var watcher = await WebhookReceiver.StartAsync();
        var endpointId = (string)(await host.CreateEndpointAsync(receiver.Url))["id"]!;
        await host.CreateEndpointAsync(watcher.Url, "\"event_types\":[\"webhook.endpoint_disabled\"]");

        // Event times are stored to the microsecond; a notice decided exactly 5 days after the first attempt
        // must not look a fraction of a microsecond early.
        var now = host.Time.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        await host.SendTestEventAsync(endpointId);
        await host.DrainAsync();
        for (var hour = 1; hour <= 24 * 7; hour++)
        {
            host.Time.Advance(TimeSpan.FromHours(1));
            if (hour % 24 == 0 && hour <= 24 * 4) await host.SendTestEventAsync(endpointId); // keeps failing every day
            await host.DrainAsync();
        }

        var endpoint = await (await host.Client.GetAsync($"/api/v1/webhooks/{endpointId}")).JsonAsync();
        Assert.False((bool)endpoint["enabled"]!);
        Assert.Equal("failing", (string)endpoint["disabled_reason"]!);
        var notice = Assert.Single(watcher.Received).Json;
        Assert.Equal(endpointId, (string)notice["data"]!["endpoint_id"]!);
        var disabledAt = DateTimeOffset.Parse((string)notice["created_at"]!, System.Globalization.CultureInfo.InvariantCulture);
        // Decided at the first failed attempt once 5 days have passed; attempts can be up to a day apart.
        Assert.InRange(disabledAt - start, TimeSpan.FromDays(5), TimeSpan.FromDays(6));
        Assert.Empty(await host.DeliveriesAsync(endpointId, "?outcome=pending"));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task After_rotation_both_secrets_sign_for_24_hours_then_only_the_new_one(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await host.CreateEndpointAsync(receiver.Url);
        var endpointId = (string)created["id"]!;
        var oldSecret = (string)created["secret"]!;
        Assert.Null((await (await host.Client.GetAsync($"/api/v1/webhooks/{endpointId}")).JsonAsync())["secret"]);

        var rotated = await (await host.Client.PostAsync($"/api/v1/webhooks/{endpointId}/rotate-secret", null)).JsonAsync();
        var newSecret = (string)rotated["secret"]!;
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(host.Time.GetUtcNow().AddHours(24), DateTimeOffset.Parse((string)rotated["previous_secret_expires_at"]!, System.Globalization.CultureInfo.InvariantCulture));

        await host.SendTestEventAsync(endpointId);
        await host.DrainAsync();
        var during = receiver.Received[0];
        Assert.Equal(2, during.Signatures.Length);
        Assert.True(SignatureCheck.SignedWith(during, newSecret));
        Assert.True(SignatureCheck.SignedWith(during, oldSecret));

        host.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await host.SendTestEventAsync(endpointId);
        await host.DrainAsync();
        var after = receiver.Received[1];
        Assert.Single(after.Signatures);
        Assert.True(SignatureCheck.SignedWith(after, newSecret));
        Assert.False(SignatureCheck.SignedWith(after, oldSecret));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_agents_webhook_url_gets_its_call_events_signed_with_the_agent_secret(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var agentReceiver = await WebhookReceiver.StartAsync();
        await using var endpointReceiver = await WebhookReceiver.StartAsync();
        await host.CreateEndpointAsync(endpointReceiver.Url);
        var agentId = (string)(await (await host.Client.PostJsonAsync("/api/v1/agents",
            $$$"""{"name":"Hooked","response_engine":{"type":"flow","flow":{"start":"bye","nodes":[{"id":"bye","type":"end","text":"Goodbye."}]}},"webhook_url":"{{{agentReceiver.Url}}}"}""")).JsonAsync())["id"]!;
        await host.Client.PostAsync($"/api/v1/agents/{agentId}/publish", null);
        var secret = (string)(await (await host.Client.GetAsync("/api/v1/webhooks/agent-secret")).JsonAsync())["secret"]!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        // The call engine emits through the outbox inside its own unit of work.
        await using (var scope = host.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<WebhookOutbox>();
            await outbox.EnqueueForOrganizationAsync(db, host.Key.OrganizationId, WebhookEventTypes.CallStarted,
                new CallStartedData("call_1", agentId, 1, "inbound", "+15550100", "+15550199", host.Time.GetUtcNow()), agentId);
            await db.SaveChangesAsync();
        }
        await host.DrainAsync();

        var call = Assert.Single(agentReceiver.Received); // agent.deployed is not a call event: not sent to the agent URL
        Assert.Equal("call.started", (string)call.Json["type"]!);
        Assert.True(SignatureCheck.SignedWith(call, secret));
        Assert.Equal(["agent.deployed", "call.started"], endpointReceiver.Received.Select(r => (string)r.Json["type"]!));
        Assert.Equal(call.Id, endpointReceiver.Received[1].Id);

        // Rotation of the agent secret: both sign for 24 hours.
        var rotated = (string)(await (await host.Client.PostAsync("/api/v1/webhooks/agent-secret/rotate", null)).JsonAsync())["secret"]!;
        Assert.NotEqual(secret, rotated);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_event_is_stored_only_if_the_callers_save_succeeds(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpointId = (string)(await host.CreateEndpointAsync(receiver.Url))["id"]!;
        var agentId = await host.Client.CreateAgentAsync();

        await using (var scope = host.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<WebhookOutbox>();
            await outbox.EnqueueForOrganizationAsync(db, host.Key.OrganizationId, WebhookEventTypes.Error,
                new ErrorData("x", "y", null, null), null);
            // The caller's own change fails (a second agent with an existing id): nothing of it may commit.
            db.Agents.Add(new Switchboard.ControlPlane.Agents.Agent { Id = agentId, OrganizationId = host.Key.OrganizationId, Name = "dup" });
            await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());
        }
        await host.DrainAsync();
        Assert.Empty(receiver.Received);
        Assert.Empty(await host.DeliveriesAsync(endpointId));
    }
}

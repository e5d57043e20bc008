using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>Real deliveries, checked by the reference npm package; and the undriven dispatcher loop.</summary>
public sealed class WebhookReferenceVerificationTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Deliveries_verify_with_the_reference_standardwebhooks_package(string provider)
    {
        var (folder, missing) = await StandardWebhooksPackage.EnsureAsync();
        if (folder is null)
        {
            Console.WriteLine("Skipping reference verification: " + missing);
            return;
        }
        // Real time: the package checks the timestamp against its own clock.
        await using var host = await WebhookHost.StartAsync(provider, virtualTime: false);
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await host.CreateEndpointAsync(receiver.Url);
        var id = (string)endpoint["id"]!;
        var oldSecret = (string)endpoint["secret"]!;
        await host.SendTestEventAsync(id, "call.analyzed");
        await host.DrainAsync();
        var newSecret = (string)(await (await host.Client.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null)).JsonAsync())["secret"]!;
        await host.SendTestEventAsync(id, "transcript.updated");
        await host.DrainAsync();

        var received = receiver.Received;
        Assert.Equal(2, received.Count);
        Assert.Equal("verified", await StandardWebhooksPackage.VerifyAsync(folder, oldSecret, received[0]));
        // During rotation either secret verifies.
        Assert.Equal("verified", await StandardWebhooksPackage.VerifyAsync(folder, newSecret, received[1]));
        Assert.Equal("verified", await StandardWebhooksPackage.VerifyAsync(folder, oldSecret, received[1]));
        // And the verifier does reject: a changed body, or the wrong secret.
        Assert.StartsWith("rejected", await StandardWebhooksPackage.VerifyAsync(folder, oldSecret,
            received[0] with { Body = received[0].Body.Replace("call.analyzed", "call.ended", StringComparison.Ordinal) }), StringComparison.Ordinal);
        Assert.StartsWith("rejected", await StandardWebhooksPackage.VerifyAsync(folder, newSecret, received[0]), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_running_dispatcher_delivers_without_being_driven(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider, runDispatcher: true, virtualTime: false);
        await using var receiver = await WebhookReceiver.StartAsync();
        var id = (string)(await host.CreateEndpointAsync(receiver.Url))["id"]!;
        var first = await host.SendTestEventAsync(id, "call.started");
        var second = await host.SendTestEventAsync(id, "call.ended");
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await receiver.WaitForAsync(2, patience.Token);
        Assert.Equal([first, second], receiver.Received.Select(r => r.Id));
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Webhooks;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// The first-attempt fast path (deliveries this node just committed, claimed by id and sent next to the round loop)
/// keeps the guarantees of the round loop: per-endpoint creation order, each delivery sent by one of them only, and a
/// first attempt that fails is retried on the standard schedule.
/// </summary>
public sealed class WebhookFastPathTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_burst_is_sent_by_the_fast_path_in_creation_order_per_endpoint_and_only_once(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var a = await WebhookReceiver.StartAsync();
        await using var b = await WebhookReceiver.StartAsync();
        var aId = (string)(await host.CreateEndpointAsync(a.Url))["id"]!;
        var bId = (string)(await host.CreateEndpointAsync(b.Url))["id"]!;
        List<string> toA = [], toB = [];
        for (var n = 0; n < 6; n++)
        {
            toA.Add(await host.SendTestEventAsync(aId));
            toB.Add(await host.SendTestEventAsync(bId));
        }

        Assert.Equal(12, await host.Dispatcher.RunFastOnceAsync(CancellationToken.None));
        Assert.Equal(toA, a.Received.Select(r => r.Id));
        Assert.Equal(toB, b.Received.Select(r => r.Id));
        // Nothing is left for the round loop, and the fast path has nothing more to take.
        Assert.Equal(0, await host.Dispatcher.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await host.Dispatcher.RunFastOnceAsync(CancellationToken.None));
        Assert.Equal(6, a.Received.Count);
        Assert.Empty(await host.DeliveriesAsync(aId, "?outcome=pending"));
        Assert.Equal(6, (await host.DeliveriesAsync(bId, "?outcome=succeeded")).Count);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_fast_path_leaves_a_delivery_behind_an_earlier_pending_one_to_the_round_loop(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync((i, _) => i == 0 ? new ReceiverReply(503) : ReceiverReply.Ok);
        var endpointId = (string)(await host.CreateEndpointAsync(receiver.Url))["id"]!;
        var first = await host.SendTestEventAsync(endpointId);
        Assert.Equal(1, await host.Dispatcher.RunFastOnceAsync(CancellationToken.None));

        var second = await host.SendTestEventAsync(endpointId);
        var third = await host.SendTestEventAsync(endpointId);
        // Both wait behind the first, which waits for its retry: neither path may send them now.
        Assert.Equal(0, await host.Dispatcher.RunFastOnceAsync(CancellationToken.None));
        Assert.Equal(0, await host.Dispatcher.RunOnceAsync(CancellationToken.None));
        Assert.Equal([first], receiver.Received.Select(r => r.Id));

        host.Time.Advance(TimeSpan.FromSeconds(10));
        await host.DrainAsync();
        Assert.Equal([first, first, second, third], receiver.Received.Select(r => r.Id));
        Assert.Empty(await host.DeliveriesAsync(endpointId, "?outcome=pending"));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_first_attempt_to_a_receiver_that_is_down_is_retried_on_the_schedule(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        // Bound but not listening: connections are refused, and no other test can take the port meanwhile.
        using var down = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        down.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var endpointId = (string)(await host.CreateEndpointAsync($"http://127.0.0.1:{((IPEndPoint)down.LocalEndPoint!).Port}/hook"))["id"]!;
        await host.SendTestEventAsync(endpointId);

        Assert.Equal(1, await host.Dispatcher.RunFastOnceAsync(CancellationToken.None));
        var delivery = Assert.Single(await host.DeliveriesAsync(endpointId))!;
        Assert.Equal("pending", (string)delivery["outcome"]!);
        Assert.Equal(1, (int)delivery["attempt_count"]!);
        Assert.StartsWith("Connection failed", (string)delivery["attempts"]![0]!["error"]!, StringComparison.Ordinal);
        var firstAttempt = (DateTimeOffset)delivery["attempts"]![0]!["attempted_at"]!;
        var retryAt = (DateTimeOffset)delivery["next_attempt_at"]!;
        Assert.InRange(retryAt - firstAttempt, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));

        host.Time.Advance(TimeSpan.FromSeconds(4)); // before the earliest jittered retry
        Assert.Equal(0, await host.Dispatcher.RunOnceAsync(CancellationToken.None));
        host.Time.Advance(TimeSpan.FromSeconds(2)); // past the latest
        Assert.Equal(1, await host.Dispatcher.RunOnceAsync(CancellationToken.None));

        delivery = Assert.Single(await host.DeliveriesAsync(endpointId))!;
        Assert.Equal(2, (int)delivery["attempt_count"]!);
        var secondAttempt = (DateTimeOffset)delivery["attempts"]![1]!["attempted_at"]!;
        var nextRetry = (DateTimeOffset)delivery["next_attempt_at"]!;
        Assert.InRange(nextRetry - secondAttempt, TimeSpan.FromMinutes(4.5), TimeSpan.FromMinutes(5.5));
    }

    /// <summary>
    /// The fast path of one node races the round loops of two nodes (on PostgreSQL: two servers on one database; on
    /// SQLite, single-node: the same server's round loop) over the same fresh backlog.
    /// </summary>
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Fast_path_and_round_loops_racing_send_every_delivery_once_in_order(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var other = provider == Providers.Postgres
            ? await WebhookHost.StartAsync(provider, sharedPostgresDatabase: host.PostgresDatabase)
            : null;
        var receivers = new List<WebhookReceiver>();
        try
        {
            var expected = new List<List<string>>();
            var endpointIds = new List<string>();
            for (var r = 0; r < 3; r++)
            {
                var receiver = await WebhookReceiver.StartAsync();
                receivers.Add(receiver);
                endpointIds.Add((string)(await host.CreateEndpointAsync(receiver.Url))["id"]!);
                expected.Add([]);
            }
            for (var n = 0; n < 15; n++)
            {
                for (var r = 0; r < receivers.Count; r++) expected[r].Add(await host.SendTestEventAsync(endpointIds[r]));
            }

            var secondNode = (other ?? host).Dispatcher;
            await Task.WhenAll(
                Task.Run(() => host.Dispatcher.RunFastOnceAsync(CancellationToken.None)),
                Task.Run(() => DrainRoundsAsync(secondNode)),
                Task.Run(() => DrainRoundsAsync(host.Dispatcher)));
            await DrainRoundsAsync(host.Dispatcher);

            for (var r = 0; r < receivers.Count; r++) Assert.Equal(expected[r], receivers[r].Received.Select(x => x.Id));
            foreach (var id in endpointIds) Assert.Empty(await host.DeliveriesAsync(id, "?outcome=pending"));
        }
        finally
        {
            foreach (var receiver in receivers) await receiver.DisposeAsync();
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task With_the_loops_running_events_committed_one_by_one_arrive_once_each_in_order(string provider)
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await WebhookHost.StartAsync(provider, runDispatcher: true, virtualTime: false, logs: logs);
        await using var a = await WebhookReceiver.StartAsync();
        await using var b = await WebhookReceiver.StartAsync();
        var aId = (string)(await host.CreateEndpointAsync(a.Url))["id"]!;
        var bId = (string)(await host.CreateEndpointAsync(b.Url))["id"]!;
        List<string> toA = [], toB = [];
        for (var n = 0; n < 20; n++)
        {
            toA.Add(await host.SendTestEventAsync(aId));
            toB.Add(await host.SendTestEventAsync(bId));
        }

        // A generous bound for a loaded machine: the assertion is about what arrives, not how fast.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await a.WaitForAsync(toA.Count, bound.Token);
        await b.WaitForAsync(toB.Count, bound.Token);
        Assert.Equal(toA, a.Received.Select(r => r.Id));
        Assert.Equal(toB, b.Received.Select(r => r.Id));
        // The round loop would deliver them too if the fast path kept failing; it must not have.
        Assert.DoesNotContain(logs.Lines, line => line.Contains("fast path failed", StringComparison.Ordinal)
            || line.Contains("dispatcher loop failed", StringComparison.Ordinal));
    }

    /// <summary>
    /// While the fast path runs, a round leaves it the first attempts of what was just created (and the rest of their
    /// channels behind them), so a poll does not take over a live stream of events; past the grace, the round sends them.
    /// </summary>
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_round_leaves_fresh_first_attempts_to_the_fast_path_until_the_grace_ends(string provider)
    {
        await using var host = await WebhookHost.StartAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpointId = (string)(await host.CreateEndpointAsync(receiver.Url))["id"]!;
        await host.SendTestEventAsync(endpointId);
        await host.SendTestEventAsync(endpointId);
        var now = host.Time.GetUtcNow();
        var lease = TimeSpan.FromMinutes(1);

        async Task<IReadOnlyList<string>> ClaimAsync(DateTimeOffset at, DateTimeOffset freshCutoff)
        {
            await using var scope = host.Server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
            return await WebhookClaimer.ClaimAsync(db, at, lease, 10, 10, freshCutoff, CancellationToken.None);
        }

        Assert.Empty(await ClaimAsync(now, now - TimeSpan.FromSeconds(2)));
        var later = now + TimeSpan.FromSeconds(3);
        Assert.Equal(2, (await ClaimAsync(later, later - TimeSpan.FromSeconds(2))).Count);
    }

    private static async Task DrainRoundsAsync(Switchboard.ControlPlane.Webhooks.WebhookDispatcher dispatcher)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await dispatcher.RunOnceAsync(CancellationToken.None) == 0) return;
        }
        throw new InvalidOperationException("The dispatcher kept finding work after 100 rounds.");
    }
}

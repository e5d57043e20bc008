using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Webhooks;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// On PostgreSQL a claim is one statement that locks with <c>SKIP LOCKED</c>: a delivery another transaction holds
/// (another node claiming it) is skipped, and so is everything behind it in its channel, while other channels are
/// claimed as usual. The lock is held by a real second connection.
/// </summary>
public sealed class WebhookClaimLockTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_delivery_locked_elsewhere_cuts_its_channel_and_leaves_the_others_claimable()
    {
        if (!Providers.PostgresConfigured()) return;
        await using var host = await WebhookHost.StartAsync(Providers.Postgres);
        await using var a = await WebhookReceiver.StartAsync();
        await using var b = await WebhookReceiver.StartAsync();
        var aId = (string)(await host.CreateEndpointAsync(a.Url))["id"]!;
        var bId = (string)(await host.CreateEndpointAsync(b.Url))["id"]!;
        for (var n = 0; n < 3; n++) await host.SendTestEventAsync(aId);
        await host.SendTestEventAsync(bId);
        var toA = await DeliveryIdsAsync(host, aId);
        var toB = await DeliveryIdsAsync(host, bId);
        string[] all = [.. toA, .. toB];
        var later = host.Time.GetUtcNow() + TimeSpan.FromSeconds(3);

        await using (var holder = await LockAsync(host, toA[1]))
        {
            // The round: a2 is held, so a3 behind it waits too; a1 and b1 are taken.
            Assert.Equal(new[] { toA[0], toB[0] }.Order(), (await ClaimRoundAsync(host, later)).Order());
            // The fast path with every id: nothing is left that it may take.
            Assert.Empty(await ClaimFreshAsync(host, all, later));
        }

        // Released, a2 and a3 are still behind a1, which the round leased.
        Assert.Empty(await ClaimFreshAsync(host, [toA[1], toA[2]], later));
        Assert.Empty(await ClaimRoundAsync(host, later));
        // Once the lease has run out, the rest of channel a goes in order, a1 first.
        var afterLease = later + Lease + TimeSpan.FromSeconds(1);
        // (b1's lease ran out too: never recorded, it is claimable again.)
        Assert.Equal(all.Order(), (await ClaimFreshAsync(host, all, afterLease)).Order());
    }

    [Fact]
    public async Task The_fast_path_skips_a_head_locked_elsewhere_and_takes_it_once_released()
    {
        if (!Providers.PostgresConfigured()) return;
        await using var host = await WebhookHost.StartAsync(Providers.Postgres);
        await using var a = await WebhookReceiver.StartAsync();
        var aId = (string)(await host.CreateEndpointAsync(a.Url))["id"]!;
        for (var n = 0; n < 2; n++) await host.SendTestEventAsync(aId);
        var toA = await DeliveryIdsAsync(host, aId);
        var now = host.Time.GetUtcNow();

        await using (var holder = await LockAsync(host, toA[0]))
        {
            Assert.Empty(await ClaimFreshAsync(host, toA, now));
        }

        Assert.Equal(toA, await ClaimFreshAsync(host, toA, now));
    }

    private static async Task<List<string>> DeliveryIdsAsync(WebhookHost host, string endpointId)
    {
        await using var scope = host.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        return await db.WebhookDeliveries.IgnoreQueryFilters().Where(d => d.EndpointId == endpointId)
            .OrderBy(d => d.EventCreatedAt).ThenBy(d => d.Id).Select(d => d.Id).ToListAsync();
    }

    private static async Task<IReadOnlyList<string>> ClaimRoundAsync(WebhookHost host, DateTimeOffset at)
    {
        await using var scope = host.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        return await WebhookClaimer.ClaimAsync(db, at, Lease, 10, 10, at, CancellationToken.None);
    }

    private static async Task<List<string>> ClaimFreshAsync(WebhookHost host, IReadOnlyCollection<string> ids, DateTimeOffset at)
    {
        await using var scope = host.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var claimed = await WebhookClaimer.ClaimFreshAsync(db, ids, at, Lease, CancellationToken.None);
        // The statement returns rows in no particular order; callers (and these checks) want channel order.
        return [.. ids.Where(claimed.Contains)];
    }

    /// <summary>Holds a row lock on one delivery from another connection until disposed (the transaction rolls back).</summary>
    private static async Task<NpgsqlConnection> LockAsync(WebhookHost host, string deliveryId)
    {
        var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = host.PostgresDatabase };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN", connection)) await begin.ExecuteNonQueryAsync();
        await using var lockRow = new NpgsqlCommand("SELECT id FROM webhook_deliveries WHERE id = @id FOR UPDATE", connection);
        lockRow.Parameters.AddWithValue("id", deliveryId);
        Assert.Equal(deliveryId, (string?)await lockRow.ExecuteScalarAsync());
        return connection;
    }
}

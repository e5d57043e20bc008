using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>
/// Counts requests per key, day and endpoint group in memory and writes them in batches: a database write
/// per request would cost more than the request. A crash loses at most one flush interval of counts.
/// </summary>
internal sealed class UsageRecorder(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    private readonly record struct Bucket(string OrganizationId, string ApiKeyId, DateOnly Day, string EndpointGroup);

    private ConcurrentDictionary<Bucket, long> _counts = new();
    // UTC ticks rather than DateTimeOffset: a long is updated in place, a 16-byte struct needs a new node per request.
    private ConcurrentDictionary<string, long> _lastUsed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _flushLock = new(1, 1);

    public void Record(AuthenticatedKey key, string endpointGroup)
    {
        var now = time.GetUtcNow();
        var bucket = new Bucket(key.OrganizationId, key.KeyId, DateOnly.FromDateTime(now.UtcDateTime), endpointGroup);
        _counts.AddOrUpdate(bucket, 1, static (_, n) => n + 1);
        _lastUsed[key.KeyId] = now.UtcTicks;
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushLock.WaitAsync(ct);
        try
        {
            var counts = Interlocked.Exchange(ref _counts, new ConcurrentDictionary<Bucket, long>());
            var lastUsed = Interlocked.Exchange(ref _lastUsed, new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
            if (counts.IsEmpty && lastUsed.IsEmpty) return;

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                foreach (var (b, n) in counts)
                {
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO api_key_usage (organization_id, api_key_id, day, endpoint_group, requests)
                        VALUES ({b.OrganizationId}, {b.ApiKeyId}, {b.Day}, {b.EndpointGroup}, {n})
                        ON CONFLICT (api_key_id, day, endpoint_group)
                        DO UPDATE SET requests = api_key_usage.requests + excluded.requests
                        """, ct);
                }
                foreach (var (keyId, ticks) in lastUsed)
                {
                    var at = new DateTimeOffset(ticks, TimeSpan.Zero);
                    await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == keyId)
                        .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at), ct);
                }
                await tx.CommitAsync(ct);
            }
            catch
            {
                // Put the counts back so the next flush retries them instead of losing them.
                foreach (var (b, n) in counts) _counts.AddOrUpdate(b, n, (_, m) => m + n);
                foreach (var (k, at) in lastUsed) _lastUsed.AddOrUpdate(k, at, (_, cur) => cur > at ? cur : at);
                throw;
            }
        }
        finally
        {
            _flushLock.Release();
        }
    }

    public void Dispose() => _flushLock.Dispose();
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Idempotency;

/// <summary>
/// Stripe-like <c>Idempotency-Key</c> handling for create endpoints (<c>POST /calls/web</c>, <c>POST /calls/phone</c>):
/// the first request with a key runs and its successful response is kept for <see cref="Retention"/>; the same key with
/// the same request replays that response; the same key with a different request, on another endpoint, or while the
/// first is still running is a conflict. A request that fails is not kept, so it can be retried with the same key.
/// Keys are per organization and stored in the database, so every node of a cluster honours them.
/// </summary>
/// <remarks>Scoped (it uses the request's <see cref="SwitchboardDbContext"/>); one request at a time.</remarks>
internal sealed class IdempotentRequests(SwitchboardDbContext db, TimeProvider time)
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>Checks the header value: null when it is acceptable (or absent), else the problem to report.</summary>
    public static string? Validate(string? key) => key switch
    {
        null => null,
        _ when string.IsNullOrWhiteSpace(key) => $"{HeaderName} must not be empty.",
        { Length: > MaxKeyLength } => $"{HeaderName} must be at most {MaxKeyLength} characters.",
        _ when key.Any(char.IsControl) => $"{HeaderName} must not contain control characters.",
        _ => null,
    };

    /// <summary>
    /// Runs <paramref name="create"/> once per key: see the class summary. Without a key it simply runs.
    /// </summary>
    /// <param name="endpoint">Method and route, e.g. <c>POST /api/v1/calls/web</c>.</param>
    /// <param name="request">The parsed request; its canonical JSON is what "the same request" means.</param>
    /// <param name="create">Does the work and returns the response body, or null when it refused the request (a
    /// validation problem): nothing is kept then.</param>
    public async Task<IdempotencyOutcome<T>> RunAsync<T, TRequest>(string? key, string endpoint, TRequest request,
        Func<CancellationToken, Task<T?>> create, CancellationToken cancellationToken) where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentNullException.ThrowIfNull(create);
        if (key is null) return new IdempotencyOutcome<T>(await create(cancellationToken), false, null);
        if (Validate(key) is { } invalid) throw new ArgumentException(invalid, nameof(key));

        var fingerprint = Fingerprint(endpoint, request);
        var now = time.GetUtcNow();
        await db.Set<IdempotencyRecord>().Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);

        var record = new IdempotencyRecord { Key = key, Endpoint = endpoint, Fingerprint = fingerprint, CreatedAt = now, ExpiresAt = now + Retention };
        db.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.Entry(record).State = EntityState.Detached;
            return await ReplayAsync<T>(key, endpoint, fingerprint, cancellationToken);
        }

        T? value;
        try
        {
            value = await create(cancellationToken);
        }
        catch
        {
            await ForgetAsync(record);
            throw;
        }
        if (value is null)
        {
            await ForgetAsync(record);
            return new IdempotencyOutcome<T>(null, false, null);
        }
        record.StatusCode = StatusCodes.Status201Created;
        record.Response = JsonSerializer.Serialize(value, JsonDefaults.Options);
        await db.SaveChangesAsync(CancellationToken.None);
        return new IdempotencyOutcome<T>(value, false, null);
    }

    private async Task<IdempotencyOutcome<T>> ReplayAsync<T>(string key, string endpoint, string fingerprint, CancellationToken cancellationToken)
        where T : class
    {
        var existing = await db.Set<IdempotencyRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);
        if (existing is null)
            return new IdempotencyOutcome<T>(null, false, "A request with this Idempotency-Key was just abandoned; retry it.");
        if (existing.Endpoint != endpoint)
            return new IdempotencyOutcome<T>(null, false, $"This Idempotency-Key was used for {existing.Endpoint}; use a new key for this request.");
        if (existing.Fingerprint != fingerprint)
            return new IdempotencyOutcome<T>(null, false, "This Idempotency-Key was used with a different request body; use a new key for a new request.");
        if (existing.Response is null)
            return new IdempotencyOutcome<T>(null, false, "A request with this Idempotency-Key is still in progress; retry once it has finished.");
        return new IdempotencyOutcome<T>(JsonSerializer.Deserialize<T>(existing.Response, JsonDefaults.Options), true, null);
    }

    private async Task ForgetAsync(IdempotencyRecord record)
    {
        db.Remove(record);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string Fingerprint<TRequest>(string endpoint, TRequest request)
    {
        var canonical = endpoint + "\n" + JsonSerializer.Serialize(request, JsonDefaults.Options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

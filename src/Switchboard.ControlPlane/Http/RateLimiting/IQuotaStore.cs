namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// Counts requests per API key per calendar month (UTC), for the monthly quota. The caller compares the count
/// with the key's plan; the store only counts.
/// </summary>
/// <remarks>
/// Implementations are thread-safe singletons. Counts are kept at least until the end of the following month so
/// that last month's usage stays readable. When the backing store fails, implementations fail open: the
/// increment returns 0 and is not counted (see <see cref="RedisQuotaStore"/>).
/// </remarks>
internal interface IQuotaStore
{
    /// <summary>Adds one request to <paramref name="keyId"/>'s count for <paramref name="month"/>.</summary>
    /// <param name="keyId">API key id, e.g. <c>key_abc</c>.</param>
    /// <param name="month">The month to charge, normally <see cref="QuotaMonth.Current"/>.</param>
    /// <param name="cancellationToken">Cancels the wait; a cancelled increment may or may not have been counted.</param>
    /// <returns>The count including this request, or 0 when the store failed open.</returns>
    /// <exception cref="ArgumentException"><paramref name="keyId"/> is empty or not a valid partition component.</exception>
    ValueTask<long> IncrementAsync(string keyId, QuotaMonth month, CancellationToken cancellationToken);

    /// <summary>Reads <paramref name="keyId"/>'s count for <paramref name="month"/> without changing it (0 if none).</summary>
    /// <exception cref="ArgumentException"><paramref name="keyId"/> is empty or not a valid partition component.</exception>
    ValueTask<long> GetAsync(string keyId, QuotaMonth month, CancellationToken cancellationToken);
}

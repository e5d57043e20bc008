namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// Where rate-limit counters live: in this process (<see cref="InMemoryRateLimitStore"/>) or in Redis
/// (<see cref="RedisRateLimitStore"/>) so that several nodes share one limit.
/// </summary>
/// <remarks>
/// Implementations are thread-safe and meant to be registered as singletons. Every implementation runs the same
/// algorithm (<see cref="Gcra"/>), so the same sequence of requests yields the same decisions whichever store is
/// configured.
/// </remarks>
internal interface IRateLimitStore
{
    /// <summary>
    /// Takes one permit from <paramref name="partitionKey"/>'s bucket for <paramref name="rule"/>, if available.
    /// A denied request consumes nothing.
    /// </summary>
    /// <param name="rule">The policy to enforce.</param>
    /// <param name="partitionKey">Who is being limited, from <see cref="RateLimitPartitions"/>; e.g. <c>key:key_abc</c>.</param>
    /// <param name="cancellationToken">Cancels the wait; a cancelled acquisition may or may not have been counted.</param>
    /// <returns>The decision; never null.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The partition key is empty, too long or contains whitespace or control characters.</exception>
    ValueTask<RateLimitDecision> AcquireAsync(RateLimitRule rule, string partitionKey, CancellationToken cancellationToken);
}

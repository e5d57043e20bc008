namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// The outcome of one acquisition against one <see cref="RateLimitRule"/> and everything the response headers
/// need to describe it.
/// </summary>
/// <remarks>
/// Immutable. <see cref="ResetAfter"/> is the draft's effective window: the time during which the client's
/// available quota stays at <see cref="Remaining"/> (the time until the next request is restored). Because of
/// that, when a request is denied <see cref="ResetAfter"/> equals <see cref="RetryAfter"/>, so <c>Retry-After</c>
/// never points before the end of the effective window (draft-ietf-httpapi-ratelimit-headers-11, section 6).
/// </remarks>
/// <param name="Rule">The policy that produced this decision.</param>
/// <param name="IsAllowed">Whether the request may proceed.</param>
/// <param name="Remaining">Requests still available right now after this one (0 when denied).</param>
/// <param name="ResetAfter">Time until one more request becomes available.</param>
/// <param name="RetryAfter">When denied, the time until a retry can succeed; <see cref="TimeSpan.Zero"/> when allowed.</param>
/// <param name="IsFailOpen">
/// True when the backing store was unreachable and the request was allowed without being counted; headers
/// should then be omitted because nothing is known about the client's real usage.
/// </param>
internal sealed record RateLimitDecision(
    RateLimitRule Rule,
    bool IsAllowed,
    long Remaining,
    TimeSpan ResetAfter,
    TimeSpan RetryAfter,
    bool IsFailOpen = false)
{
    /// <summary>The policy's permit limit (the draft's <c>q</c>).</summary>
    public int Limit => Rule.PermitLimit;

    /// <summary>The policy name (the draft's item value).</summary>
    public string PolicyName => Rule.Name;

    /// <summary>A decision that lets the request through because the store could not be asked.</summary>
    public static RateLimitDecision FailOpen(RateLimitRule rule) =>
        new(rule, IsAllowed: true, Remaining: rule.PermitLimit, TimeSpan.Zero, TimeSpan.Zero, IsFailOpen: true);
}

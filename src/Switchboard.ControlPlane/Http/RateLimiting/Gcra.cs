namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// The generic cell rate algorithm (GCRA), shared by every store so that all nodes compute identical headers.
/// </summary>
/// <remarks>
/// Why GCRA rather than a weighted pair of fixed windows: its whole state is one integer per partition (the
/// theoretical arrival time, TAT), so the Redis script is a single GET/SET with no read-modify-write of two
/// counters; it is exact (no approximation error at window boundaries, no double burst at a rollover); and
/// "remaining" and "time until the next permit" fall out of integer arithmetic that Lua and C# evaluate
/// identically. All times are integer microseconds.
///
/// With emission interval <c>T</c> and limit <c>L</c>: a request is allowed when
/// <c>max(TAT, now) + T − now ≤ L·T</c>, and then TAT becomes <c>max(TAT, now) + T</c>. A denied request does not
/// move TAT. The Redis script in <see cref="RedisRateLimitStore"/> implements <see cref="TryAcquire"/> line for
/// line; <see cref="ToDecision"/> is applied to the script's reply.
/// </remarks>
internal static class Gcra
{
    /// <summary>
    /// Applies one acquisition. <paramref name="storedTat"/> is null for a partition with no state.
    /// Returns whether it is allowed, the TAT to store, and the backlog <c>TAT − now</c> after the step.
    /// </summary>
    public static (bool Allowed, long NewTat, long Backlog) TryAcquire(long? storedTat, long now, RateLimitRule rule)
    {
        long interval = rule.EmissionIntervalMicroseconds;
        long tat = storedTat is { } stored && stored > now ? stored : now;
        if (tat + interval - now <= rule.CapacityMicroseconds)
        {
            tat += interval;
            return (true, tat, tat - now);
        }

        return (false, tat, tat - now);
    }

    /// <summary>
    /// Derives the header values from the backlog (<c>TAT − now</c>, 0 ≤ backlog ≤ capacity) after an acquisition.
    /// </summary>
    public static RateLimitDecision ToDecision(RateLimitRule rule, bool allowed, long backlog)
    {
        long interval = rule.EmissionIntervalMicroseconds;
        long capacity = rule.CapacityMicroseconds;
        backlog = Math.Clamp(backlog, 0, capacity);

        // Slack is the unused part of the burst; each whole interval of slack is one request available now.
        long slack = capacity - backlog;
        long remaining = slack / interval;
        long untilNext = remaining >= rule.PermitLimit ? 0 : ((remaining + 1) * interval) - slack;
        var resetAfter = TimeSpan.FromTicks(untilNext * TimeSpan.TicksPerMicrosecond);
        return new RateLimitDecision(rule, allowed, remaining, resetAfter, allowed ? TimeSpan.Zero : resetAfter);
    }
}

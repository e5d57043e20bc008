namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// The Standard Webhooks schedule: attempt 1 immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h,
/// 20 h and 24 h (10 attempts), each delay ±10% so failed endpoints do not get every retry at once.
/// </summary>
internal static class WebhookRetrySchedule
{
    public static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    public static int MaxAttempts => Delays.Length + 1;

    /// <summary>
    /// The wait before the next attempt after <paramref name="attemptsMade"/> failed ones, or null when the schedule
    /// is used up. A receiver's Retry-After wins when it asks for longer (capped at the longest step).
    /// </summary>
    /// <param name="jitter">A number in [0, 1): 0 is −10%, 1 is +10%.</param>
    public static TimeSpan? NextDelay(int attemptsMade, TimeSpan? retryAfter, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, 1);
        if (jitter is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(jitter), "jitter must be in [0, 1).");
        if (attemptsMade > Delays.Length) return null;
        var delay = Delays[attemptsMade - 1] * (0.9 + (0.2 * jitter));
        if (retryAfter is { } asked && asked > delay) delay = asked > Delays[^1] ? Delays[^1] : asked;
        return delay;
    }
}

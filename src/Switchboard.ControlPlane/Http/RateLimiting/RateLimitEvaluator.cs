namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// Applies every rule that covers a request (per key, per organization, per IP, per endpoint) and reports the
/// most restrictive outcome, which is what the response headers describe.
/// </summary>
/// <remarks>
/// Thread-safe; register as a singleton next to the configured <see cref="IRateLimitStore"/>.
/// Every target is acquired, even after one denies: a permit taken from the other policies is not handed back,
/// so a client that keeps hammering past one limit also burns its other allowances. That is deliberate — a
/// refund would cost a second round trip per policy and would let a throttled client probe for free.
/// </remarks>
internal sealed class RateLimitEvaluator
{
    private readonly IRateLimitStore _store;

    /// <summary>Creates an evaluator over <paramref name="store"/>.</summary>
    public RateLimitEvaluator(IRateLimitStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>
    /// Acquires a permit from every target and returns the decision to report: a denied one if any (the one
    /// with the longest <see cref="RateLimitDecision.RetryAfter"/>, since the client must wait for all of them),
    /// otherwise the allowed one with the fewest remaining requests (ties: the longer reset).
    /// </summary>
    /// <param name="targets">At least one target; policy names must be distinct.</param>
    /// <param name="cancellationToken">Cancels the remaining acquisitions.</param>
    /// <exception cref="ArgumentException"><paramref name="targets"/> is empty or repeats a policy name.</exception>
    public async ValueTask<RateLimitDecision> EvaluateAsync(IReadOnlyList<RateLimitTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            throw new ArgumentException("At least one rate-limit target is required.", nameof(targets));
        }

        for (int i = 0; i < targets.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(targets[i].Rule, nameof(targets));
            for (int j = 0; j < i; j++)
            {
                if (string.Equals(targets[i].Rule.Name, targets[j].Rule.Name, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Rate-limit policy '{targets[i].Rule.Name}' appears twice; headers could not tell them apart.", nameof(targets));
                }
            }
        }

        RateLimitDecision? chosen = null;
        for (int i = 0; i < targets.Count; i++)
        {
            var decision = await _store.AcquireAsync(targets[i].Rule, targets[i].PartitionKey, cancellationToken);
            if (chosen is null || IsMoreRestrictive(decision, chosen))
            {
                chosen = decision;
            }
        }

        return chosen!;
    }

    /// <summary>Whether <paramref name="candidate"/> should be reported instead of <paramref name="current"/>.</summary>
    internal static bool IsMoreRestrictive(RateLimitDecision candidate, RateLimitDecision current)
    {
        if (candidate.IsAllowed != current.IsAllowed)
        {
            return !candidate.IsAllowed;
        }

        if (!candidate.IsAllowed)
        {
            return candidate.RetryAfter > current.RetryAfter;
        }

        // A fail-open decision knows nothing; any real decision is more informative.
        if (candidate.IsFailOpen != current.IsFailOpen)
        {
            return current.IsFailOpen;
        }

        if (candidate.Remaining != current.Remaining)
        {
            return candidate.Remaining < current.Remaining;
        }

        return candidate.ResetAfter > current.ResetAfter;
    }
}

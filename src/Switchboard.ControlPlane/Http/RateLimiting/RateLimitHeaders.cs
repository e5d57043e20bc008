using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// Writes <c>Retry-After</c>, <c>RateLimit-Policy</c> and <c>RateLimit</c> for a decision, following
/// draft-ietf-httpapi-ratelimit-headers-11 (23 May 2026), the structured-field revision:
/// <c>RateLimit-Policy: "perkey";q=100;w=60</c> and <c>RateLimit: "perkey";r=42;t=17</c>.
/// </summary>
/// <remarks>
/// Pure functions, thread-safe. Durations are rounded up to whole seconds (the draft has no sub-second
/// precision): a client that waits the advertised time is never early. <c>t</c> is the decision's effective
/// window (<see cref="RateLimitDecision.ResetAfter"/>); on a denial it equals <c>Retry-After</c>, satisfying the
/// draft's rule that <c>Retry-After</c> must not point before the end of the effective window.
/// No header is written for a fail-open decision, whose numbers describe nothing real.
/// </remarks>
internal static class RateLimitHeaders
{
    /// <summary>The <c>RateLimit-Policy</c> field name.</summary>
    public const string PolicyHeaderName = "RateLimit-Policy";

    /// <summary>The <c>RateLimit</c> field name.</summary>
    public const string RateLimitHeaderName = "RateLimit";

    /// <summary>Sets the headers on <paramref name="response"/>, replacing earlier values of the same fields.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Apply(HttpResponse response, RateLimitDecision decision)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.IsFailOpen)
        {
            return;
        }

        var headers = response.Headers;
        headers[PolicyHeaderName] = FormatPolicy(decision.Rule);
        headers[RateLimitHeaderName] = FormatRateLimit(decision);
        if (!decision.IsAllowed)
        {
            headers.RetryAfter = FormatRetryAfter(decision.RetryAfter);
        }
    }

    /// <summary>
    /// Like <see cref="Apply(HttpResponse, RateLimitDecision)"/>, but <c>RateLimit-Policy</c> lists every policy in
    /// <paramref name="targets"/> (in order, each name once) rather than only the reported one. The draft asks for
    /// that field to stay the same across responses, which a single "most restrictive" policy would not.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Apply(HttpResponse response, RateLimitDecision decision, IReadOnlyList<RateLimitTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        Apply(response, decision);
        if (decision.IsFailOpen || targets.Count == 0)
        {
            return;
        }

        response.Headers[PolicyHeaderName] = FormatPolicies(targets);
    }

    /// <summary>
    /// Like <see cref="Apply(HttpResponse, RateLimitDecision, IReadOnlyList{RateLimitTarget})"/> with the
    /// <c>RateLimit-Policy</c> value already formatted by <see cref="FormatPolicies"/> (callers cache it: it only
    /// depends on the rules).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Apply(HttpResponse response, RateLimitDecision decision, string policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        Apply(response, decision);
        if (decision.IsFailOpen || policies.Length == 0)
        {
            return;
        }

        response.Headers[PolicyHeaderName] = policies;
    }

    /// <summary>The <c>RateLimit-Policy</c> value listing every policy of <paramref name="targets"/>, in order, each name once.</summary>
    /// <exception cref="ArgumentNullException">An argument or a target's rule is null.</exception>
    public static string FormatPolicies(IReadOnlyList<RateLimitTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var builder = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < targets.Count; i++)
        {
            var rule = targets[i].Rule;
            ArgumentNullException.ThrowIfNull(rule, nameof(targets));
            if (seen.Add(rule.Name))
            {
                builder.Append(builder.Length == 0 ? "" : ", ").Append(FormatPolicy(rule));
            }
        }

        return builder.ToString();
    }

    /// <summary>The <c>RateLimit-Policy</c> value: <c>"name";q=limit;w=seconds</c>.</summary>
    public static string FormatPolicy(RateLimitRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return string.Create(CultureInfo.InvariantCulture,
            $"{QuoteString(rule.Name)};q={rule.PermitLimit};w={(long)rule.Window.TotalSeconds}");
    }

    /// <summary>The <c>RateLimit</c> value: <c>"name";r=remaining;t=seconds</c>.</summary>
    public static string FormatRateLimit(RateLimitDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return string.Create(CultureInfo.InvariantCulture,
            $"{QuoteString(decision.PolicyName)};r={decision.Remaining};t={CeilingSeconds(decision.ResetAfter)}");
    }

    /// <summary><c>Retry-After</c> as delay-seconds, rounded up, at least 1 (a 0 would invite an instant retry).</summary>
    public static string FormatRetryAfter(TimeSpan retryAfter) =>
        Math.Max(1, CeilingSeconds(retryAfter)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Whole seconds, rounded up; negative durations count as zero.</summary>
    internal static long CeilingSeconds(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return 0;
        }

        return (duration.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
    }

    // RFC 9651 section 4.1.6: sf-string is DQUOTE *chars DQUOTE with '"' and '\' escaped by a backslash.
    // RateLimitRule already guarantees printable ASCII.
    private static string QuoteString(string value)
    {
        if (value.AsSpan().IndexOfAny('"', '\\') < 0)
        {
            return "\"" + value + "\"";
        }

        var builder = new StringBuilder(value.Length + 4).Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }
}

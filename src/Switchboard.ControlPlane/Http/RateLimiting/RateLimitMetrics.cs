using System.Diagnostics.Metrics;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// Counters for the rate-limit stores. The one that matters operationally is
/// <c>switchboard.ratelimit.store_failures</c>: every increment is a request that was let through uncounted
/// because Redis could not be reached.
/// </summary>
/// <remarks>Thread-safe; one instance per application (register as a singleton).</remarks>
internal sealed class RateLimitMetrics
{
    /// <summary>Meter name to subscribe to (e.g. in OpenTelemetry's <c>AddMeter</c>).</summary>
    public const string MeterName = "Switchboard.RateLimiting";

    private readonly Counter<long> _storeFailures;

    /// <summary>Creates the instruments on a meter owned by <paramref name="meterFactory"/>.</summary>
    public RateLimitMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _storeFailures = meter.CreateCounter<long>(
            "switchboard.ratelimit.store_failures",
            unit: "{failure}",
            description: "Rate-limit or quota store operations that failed and were answered fail-open.");
    }

    /// <summary>Records one failed store operation.</summary>
    /// <param name="operation">What failed: <c>acquire</c> or <c>quota</c>.</param>
    public void StoreFailed(string operation) =>
        _storeFailures.Add(1, new KeyValuePair<string, object?>("operation", operation));
}

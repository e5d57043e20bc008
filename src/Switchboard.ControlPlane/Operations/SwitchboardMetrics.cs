using System.Diagnostics.Metrics;

namespace Switchboard.ControlPlane.Operations;

/// <summary>The control plane's own instruments; request rate and latency come from ASP.NET Core's meters.</summary>
internal sealed class SwitchboardMetrics
{
    public const string MeterName = "Switchboard.ControlPlane";

    private readonly Counter<long> _rateLimitRejections;

    public SwitchboardMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _rateLimitRejections = meter.CreateCounter<long>("switchboard.rate_limit.rejections", "{request}",
            "Requests refused with 429, by strategy.");
    }

    public void RateLimitRejected(string strategy) =>
        _rateLimitRejections.Add(1, new KeyValuePair<string, object?>("strategy", strategy));
}

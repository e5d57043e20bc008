using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>
/// Reports the SIP listener on <c>/health/ready</c>. A listener that failed to bind is <em>degraded</em>, not unhealthy:
/// the HTTP API on this node works and must stay in its load balancer; the description says what is wrong with SIP.
/// </summary>
internal sealed class SipGatewayHealthCheck(SipGateway gateway) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = gateway.Status;
        var data = new Dictionary<string, object> { ["state"] = status.State, ["port"] = status.Port };
        return Task.FromResult(status.State == "failed"
            ? HealthCheckResult.Degraded(status.Detail, data: data)
            : HealthCheckResult.Healthy(status.Detail, data));
    }
}

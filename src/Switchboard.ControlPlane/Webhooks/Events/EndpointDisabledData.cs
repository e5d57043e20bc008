namespace Switchboard.ControlPlane.Webhooks.Events;

/// <summary><c>webhook.endpoint_disabled</c>: an endpoint was turned off (<c>gone</c> after a 410, or <c>failing</c> for 5 days).</summary>
internal sealed record EndpointDisabledData(string EndpointId, string Url, string Reason, DateTimeOffset? FailingSince);

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// Remembers, for one unit of work, an organization's enabled endpoints and its agents' <c>webhook_url</c>s, so a writer
/// that enqueues many events into one context (the call recorder's batch: an event per utterance) reads them once
/// instead of once per event. Not thread-safe: one per context and unit of work, dropped with it.
/// </summary>
internal sealed class WebhookRecipientCache
{
    private readonly Dictionary<string, IReadOnlyList<WebhookEndpointFilter>> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Organization, string Agent), string?> _agentUrls = [];

    internal bool TryGetEndpoints(string organizationId, out IReadOnlyList<WebhookEndpointFilter> endpoints) =>
        _endpoints.TryGetValue(organizationId, out endpoints!);

    internal void SetEndpoints(string organizationId, IReadOnlyList<WebhookEndpointFilter> endpoints) => _endpoints[organizationId] = endpoints;

    internal bool TryGetAgentUrl(string organizationId, string agentId, out string? url) => _agentUrls.TryGetValue((organizationId, agentId), out url);

    internal void SetAgentUrl(string organizationId, string agentId, string? url) => _agentUrls[(organizationId, agentId)] = url;
}

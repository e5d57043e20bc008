namespace Switchboard.ControlPlane.Webhooks;

/// <summary>Create (url required) or update (every field optional; absent keeps the current value) an endpoint.</summary>
internal sealed record WebhookEndpointRequest(
    string? Url,
    string? Description,
    bool? Enabled,
    IReadOnlyList<string>? EventTypes,
    string? AgentId,
    IReadOnlyDictionary<string, string>? Headers);

using System.Text.Json;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>An endpoint; <c>secret</c> appears only in the responses of create and rotate-secret.</summary>
internal sealed record WebhookEndpointResponse(
    string Id,
    string Url,
    string? Description,
    bool Enabled,
    IReadOnlyList<string> EventTypes,
    string? AgentId,
    IReadOnlyDictionary<string, string> Headers,
    string? DisabledReason,
    DateTimeOffset? FailingSince,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Secret = null)
{
    public static WebhookEndpointResponse From(WebhookEndpoint e, DateTimeOffset now, string? secret = null) =>
        new(e.Id, e.Url, e.Description, e.Enabled,
            e.EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            e.AgentId,
            JsonSerializer.Deserialize<Dictionary<string, string>>(e.Headers) ?? [],
            e.DisabledReason, e.FailingSince,
            e.PreviousSecretExpiresAt > now ? e.PreviousSecretExpiresAt : null,
            e.CreatedAt, e.UpdatedAt, secret);
}

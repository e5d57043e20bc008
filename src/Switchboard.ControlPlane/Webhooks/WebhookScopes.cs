namespace Switchboard.ControlPlane.Webhooks;

/// <summary>The scopes of the webhook routes (listed in <c>ApiKeyScopes.Known</c>).</summary>
internal static class WebhookScopes
{
    public const string Read = "webhooks:read";
    public const string Write = "webhooks:write";
}

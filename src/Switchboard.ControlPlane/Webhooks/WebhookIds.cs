namespace Switchboard.ControlPlane.Webhooks;

/// <summary>Id prefixes of the webhook objects (see Common/Ids).</summary>
internal static class WebhookIds
{
    public const string Endpoint = "whep";
    public const string Event = "evt";
    public const string Delivery = "whdl";
    public const string Attempt = "what";
}

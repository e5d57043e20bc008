namespace Switchboard.ControlPlane.Webhooks;

/// <summary>One row of the claim query's candidate list.</summary>
internal sealed class WebhookClaimRow
{
    public string Id { get; set; } = "";
    public string Channel { get; set; } = "";
}

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>A delivery a save just committed, with the channel it must keep its order in.</summary>
internal readonly record struct WebhookFreshDelivery(string Id, string Channel);

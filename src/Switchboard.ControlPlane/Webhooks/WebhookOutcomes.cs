namespace Switchboard.ControlPlane.Webhooks;

/// <summary>The states of a delivery, as stored and as the <c>outcome</c> filter names them.</summary>
internal static class WebhookOutcomes
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static bool IsKnown(string? value) => value is Pending or Succeeded or Failed;
}

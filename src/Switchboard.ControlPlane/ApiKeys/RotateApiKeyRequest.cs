namespace Switchboard.ControlPlane.ApiKeys;

/// <param name="GracePeriodSeconds">How long the old secret keeps working (0 to 7 days); 0 ends it at once.</param>
internal sealed record RotateApiKeyRequest(int? GracePeriodSeconds);

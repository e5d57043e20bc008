namespace Switchboard.ControlPlane.WebCalls;

/// <summary>A freshly issued web call access token and when it stops being accepted.</summary>
internal sealed record WebCallToken(string AccessToken, DateTimeOffset ExpiresAt);

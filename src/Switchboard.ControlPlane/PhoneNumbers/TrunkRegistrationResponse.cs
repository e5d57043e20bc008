namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>This server's registration to a trunk: <c>state</c> is unregistered, registering, registered or failed;
/// <c>status_code</c> the registrar's last final status (0 before any); <c>expires_seconds</c> the lifetime granted.</summary>
internal sealed record TrunkRegistrationResponse(string State, int StatusCode, int? ExpiresSeconds);

namespace Switchboard.ControlPlane.Http;

/// <summary>
/// An expensive route's own limit, per organization per minute; <c>Switchboard:RateLimits:Endpoints:{Policy}</c>
/// overrides the default.
/// </summary>
public sealed record EndpointRateLimitMetadata(string Policy, int DefaultPerMinute);

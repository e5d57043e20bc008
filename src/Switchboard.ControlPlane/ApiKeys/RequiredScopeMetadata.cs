namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>Endpoint metadata naming the scope a route needs.</summary>
public sealed record RequiredScopeMetadata(string Scope);

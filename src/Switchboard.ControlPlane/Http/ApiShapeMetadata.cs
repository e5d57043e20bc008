namespace Switchboard.ControlPlane.Http;

/// <summary>Endpoint metadata recording a route's <see cref="ApiShape"/>.</summary>
public sealed record ApiShapeMetadata(ApiShape Shape);

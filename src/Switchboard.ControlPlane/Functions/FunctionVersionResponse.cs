namespace Switchboard.ControlPlane.Functions;

internal sealed record FunctionVersionResponse(int Version, string Name, DateTimeOffset CreatedAt);

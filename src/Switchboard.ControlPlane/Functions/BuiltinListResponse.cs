namespace Switchboard.ControlPlane.Functions;

internal sealed record BuiltinListResponse(IReadOnlyList<BuiltinResponse> Data);

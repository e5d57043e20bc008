namespace Switchboard.ControlPlane.Telephony;

/// <summary>A resolved outbound route (<see cref="Dial"/>), or why there is none: the request field at fault and a message.</summary>
internal sealed record OutboundRoute(OutboundDial? Dial, string? Field, string? Error)
{
    public static OutboundRoute Refused(string field, string error) => new(null, field, error);
}

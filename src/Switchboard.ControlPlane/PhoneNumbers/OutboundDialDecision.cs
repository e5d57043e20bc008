namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>The outcome of <see cref="OutboundDialPolicy.Check"/>: allowed, or refused with a stable reason code.</summary>
/// <param name="Reason">Null when allowed; otherwise one of the <see cref="OutboundDialPolicy"/> reason constants.</param>
/// <param name="Number">The destination in E.164 when it parsed, for the caller to dial.</param>
internal readonly record struct OutboundDialDecision(string? Reason, string? Number)
{
    public bool Allowed => Reason is null;
}

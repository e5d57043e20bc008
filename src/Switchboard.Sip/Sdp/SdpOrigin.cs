namespace Switchboard.Sip.Sdp;

/// <summary>The <c>o=</c> line (RFC 4566 §5.2). Immutable and thread-safe.</summary>
/// <param name="Username">Originator's login, "-" when none.</param>
/// <param name="SessionId">Numeric session id, kept as text because some UAs exceed 64 bits.</param>
/// <param name="SessionVersion">Version; RFC 3264 §8 requires +1 for every changed description.</param>
/// <param name="NetworkType">Normally "IN".</param>
/// <param name="AddressType">"IP4" or "IP6".</param>
/// <param name="Address">Originating host address or name.</param>
public sealed record SdpOrigin(
    string Username,
    string SessionId,
    ulong SessionVersion,
    string NetworkType,
    string AddressType,
    string Address)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";
}

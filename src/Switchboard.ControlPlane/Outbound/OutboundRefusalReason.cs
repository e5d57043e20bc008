namespace Switchboard.ControlPlane.Outbound;

/// <summary>Why the outbound guard refused a request; stable names, safe to show to the customer.</summary>
internal enum OutboundRefusalReason
{
    UnsupportedScheme,
    Unresolvable,
    Loopback,
    Private,
    LinkLocal,
    CarrierGradeNat,
    Multicast,
    Unspecified,
    Reserved,
    EmbeddedIpv4,
    Metadata,
}

namespace Switchboard.Sip.Sdp;

/// <summary>
/// A line this library does not interpret (<c>i=</c>, <c>u=</c>, <c>e=</c>, <c>p=</c>, <c>b=</c>, <c>r=</c>,
/// <c>z=</c>, <c>k=</c> or an unknown type letter), kept so that a parsed description serializes back unchanged.
/// Immutable and thread-safe.
/// </summary>
/// <param name="Type">The type letter before '='.</param>
/// <param name="Value">Everything after '='.</param>
public sealed record SdpLine(char Type, string Value)
{
    /// <inheritdoc/>
    public override string ToString() => Type + "=" + Value;
}

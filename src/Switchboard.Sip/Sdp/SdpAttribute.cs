namespace Switchboard.Sip.Sdp;

/// <summary>
/// One <c>a=</c> line: a property attribute (<see cref="Value"/> is null, e.g. <c>a=sendonly</c>) or a value
/// attribute (<c>a=rtpmap:0 PCMU/8000</c>). Immutable and thread-safe.
/// </summary>
/// <param name="Name">Attribute name as written (comparisons elsewhere are case-insensitive).</param>
/// <param name="Value">Text after the first colon, or null for a property attribute.</param>
public sealed record SdpAttribute(string Name, string? Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}

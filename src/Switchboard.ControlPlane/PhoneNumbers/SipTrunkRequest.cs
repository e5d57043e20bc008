namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>
/// The writable fields of a SIP trunk: the create body, and what a PATCH merge patch is applied to (the password is
/// never part of the merged document: absent keeps it, a string replaces it, null removes it).
/// </summary>
internal sealed record SipTrunkRequest
{
    public string? Name { get; init; }
    public string? Address { get; init; }
    public string? Transport { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public bool? Register { get; init; }
    public int? RegisterExpiresSeconds { get; init; }
    public string? OutboundCallerId { get; init; }
    public IReadOnlyList<string>? InboundNetworks { get; init; }
}

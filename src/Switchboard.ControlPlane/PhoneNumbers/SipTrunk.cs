using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>A carrier connection: where to send calls for the numbers on it, and how to authenticate there.</summary>
internal sealed class SipTrunk : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string Name { get; set; }

    /// <summary>The carrier's <c>host[:port]</c>.</summary>
    public required string Address { get; set; }

    /// <summary><c>udp</c> or <c>tcp</c>.</summary>
    public required string Transport { get; set; }
    public string? Username { get; set; }

    /// <summary>The password encrypted by <see cref="SecretProtector"/>; never the plaintext.</summary>
    public string? PasswordProtected { get; set; }

    /// <summary>Whether this server REGISTERs to the carrier (so it can deliver inbound calls to us).</summary>
    public bool Register { get; set; }
    public int RegisterExpiresSeconds { get; set; }
    public string? OutboundCallerId { get; set; }

    /// <summary>
    /// Where the carrier's INVITEs come from: addresses and CIDR ranges, comma-separated; null when any source may call
    /// the trunk's numbers.
    /// </summary>
    public string? InboundNetworks { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

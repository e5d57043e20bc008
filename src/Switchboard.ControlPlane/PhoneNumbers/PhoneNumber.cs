using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>
/// A number this server answers (and calls from): E.164 or a SIP user part, unique across the server because an
/// inbound call names only the number, not the organization.
/// </summary>
internal sealed class PhoneNumber : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";

    /// <summary>Normalized by <see cref="PhoneNumberFormat.Normalize"/>.</summary>
    public required string Number { get; set; }
    public string? Nickname { get; set; }

    /// <summary>The carrier trunk; null when callers reach this number by SIP straight to this server.</summary>
    public string? SipTrunkId { get; set; }

    /// <summary>JSON array of <see cref="InboundAgent"/> (snake_case), as validated.</summary>
    public string InboundAgents { get; set; } = "[]";
    public string? InboundIvrMenuId { get; set; }
    public string? InboundWebhookUrl { get; set; }

    /// <summary>JSON array of country calling codes without <c>+</c>.</summary>
    public string OutboundAllowedCountries { get; set; } = "[\"1\"]";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

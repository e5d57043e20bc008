namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>The writable fields of a phone number: the create body, and what a PATCH merge patch is applied to.</summary>
internal sealed record PhoneNumberRequest
{
    public string? Number { get; init; }
    public string? Nickname { get; init; }
    public string? SipTrunkId { get; init; }
    public List<InboundAgent>? InboundAgents { get; init; }
    public string? InboundIvrMenuId { get; init; }
    public string? InboundWebhookUrl { get; init; }
    public List<string>? OutboundAllowedCountries { get; init; }
}

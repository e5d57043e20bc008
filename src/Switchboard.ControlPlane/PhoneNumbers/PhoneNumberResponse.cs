using System.Text.Json;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.PhoneNumbers;

internal sealed record PhoneNumberResponse(
    string Id,
    string Number,
    string? Nickname,
    string? SipTrunkId,
    IReadOnlyList<InboundAgent> InboundAgents,
    string? InboundIvrMenuId,
    string? InboundWebhookUrl,
    IReadOnlyList<string> OutboundAllowedCountries,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static PhoneNumberResponse From(PhoneNumber p) =>
        new(p.Id, p.Number, p.Nickname, p.SipTrunkId, ReadAgents(p.InboundAgents), p.InboundIvrMenuId, p.InboundWebhookUrl,
            ReadCountries(p.OutboundAllowedCountries), p.CreatedAt, p.UpdatedAt);

    public static List<InboundAgent> ReadAgents(string json) =>
        JsonSerializer.Deserialize<List<InboundAgent>>(json, JsonDefaults.Options) ?? [];

    public static List<string> ReadCountries(string json) =>
        JsonSerializer.Deserialize<List<string>>(json, JsonDefaults.Options) ?? [];
}

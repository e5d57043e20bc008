using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>The demo's number: <c>sip:1000@host:5060</c> reaches the demo agent on a fresh install.</summary>
internal static class DemoPhoneNumber
{
    public const string Number = "1000";

    /// <summary>
    /// Adds number <see cref="Number"/> (direct SIP) for <paramref name="agentId"/> to the context's unit of work,
    /// unless some organization already has that number. The caller saves.
    /// </summary>
    public static async Task AddAsync(SwitchboardDbContext db, string organizationId, string agentId, DateTimeOffset now, CancellationToken ct)
    {
        if (await PhoneNumberReferences.IsTakenAsync(db, Number, null, ct)) return;
        db.PhoneNumbers.Add(new PhoneNumber
        {
            Id = Ids.New(PhoneNumberIds.PhoneNumber),
            OrganizationId = organizationId,
            Number = Number,
            Nickname = "Demo line (direct SIP)",
            InboundAgents = System.Text.Json.JsonSerializer.Serialize(new List<InboundAgent> { new(agentId, null, 1) }, JsonDefaults.Options),
            OutboundAllowedCountries = System.Text.Json.JsonSerializer.Serialize(PhoneNumberValidator.DefaultCountries, JsonDefaults.Options),
            CreatedAt = now,
            UpdatedAt = now,
        });
    }
}

using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>
/// The checks of a phone number request that need the database: what it names exists in the caller's organization
/// (the tenant filters make another organization's objects as absent as made-up ids), and the number is free.
/// </summary>
internal static class PhoneNumberReferences
{
    public const string NumberTakenCode = "number_taken";

    /// <returns>The errors to report as a 422, or null when every reference resolves.</returns>
    public static async Task<Dictionary<string, string[]>?> CheckAsync(SwitchboardDbContext db, PhoneNumberRequest r, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (r.SipTrunkId is { } trunkId && !await db.SipTrunks.AnyAsync(t => t.Id == trunkId, ct))
            errors["sip_trunk_id"] = ["No SIP trunk with this id in this organization; create one with POST /api/v1/sip-trunks, or use null for direct SIP."];
        if (r.InboundIvrMenuId is { } menuId && !await db.IvrMenus.AnyAsync(m => m.Id == menuId, ct))
            errors["inbound_ivr_menu_id"] = ["No IVR menu with this id in this organization."];

        var agents = r.InboundAgents ?? [];
        if (agents.Count > 0)
        {
            var ids = agents.Select(a => a.AgentId!).Distinct().ToList();
            var latest = await db.Agents.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.LatestVersion, ct);
            for (var i = 0; i < agents.Count; i++)
            {
                if (!latest.TryGetValue(agents[i].AgentId!, out var newest))
                    errors[$"inbound_agents[{i}].agent_id"] = ["No agent with this id in this organization."];
                else if (agents[i].AgentVersion > newest)
                    errors[$"inbound_agents[{i}].agent_version"] = [$"This agent has no version {agents[i].AgentVersion} (its newest is {newest})."];
            }
        }
        return errors.Count == 0 ? null : errors;
    }

    /// <summary>
    /// Whether another number on this server (of any organization) already answers to <paramref name="number"/>,
    /// counting the E.164 form with and without its <c>+</c> as the same number, as the inbound router does.
    /// </summary>
    public static Task<bool> IsTakenAsync(SwitchboardDbContext db, string number, string? exceptId, CancellationToken ct)
    {
        var candidates = PhoneNumberFormat.LookupCandidates(number);
        return db.PhoneNumbers.IgnoreQueryFilters().AnyAsync(p => candidates.Contains(p.Number) && p.Id != exceptId, ct);
    }

    public static ProblemHttpResult Taken(string number) =>
        TypedResults.Problem(statusCode: 409, title: "Number taken",
            detail: $"The number {number} already belongs to a phone number on this server; a number routes to one organization only.",
            extensions: new Dictionary<string, object?> { ["code"] = NumberTakenCode });
}

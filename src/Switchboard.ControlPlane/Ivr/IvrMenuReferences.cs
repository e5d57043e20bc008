using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Agents;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Ivr;

/// <summary>Checks that an agent's <c>response_engine.ivr_menu_id</c> names a menu of the caller's organization.</summary>
internal static class IvrMenuReferences
{
    /// <returns>The errors to report (as a 422), or null when the agent is not an IVR agent or its menu exists.</returns>
    public static async Task<Dictionary<string, string[]>?> CheckAgentAsync(SwitchboardDbContext db, ResponseEngineConfig? engine, CancellationToken ct)
    {
        if (engine is not { Type: "ivr", IvrMenuId: { } id } || string.IsNullOrWhiteSpace(id)) return null;
        // The tenant filter makes another organization's menu as absent as a made-up id.
        if (await db.IvrMenus.AnyAsync(m => m.Id == id, ct)) return null;
        return new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["response_engine.ivr_menu_id"] = ["No IVR menu with this id in this organization; create one with POST /api/v1/ivr-menus."],
        };
    }

    /// <summary>
    /// Whether an agent's newest or published version starts in this menu. Versions are stored as the serializer writes
    /// them (no spaces), so the reference is an exact substring; a name or prompt quoting the same text would have to
    /// include the JSON quoting to collide.
    /// </summary>
    public static Task<bool> IsUsedByAnAgentAsync(SwitchboardDbContext db, string menuId, CancellationToken ct)
    {
        var reference = $"\"ivr_menu_id\":\"{menuId}\"";
        return db.AgentVersions.AnyAsync(v => v.Config.Contains(reference)
            && db.Agents.Any(a => a.Id == v.AgentId && (a.LatestVersion == v.Version || a.PublishedVersion == v.Version)), ct);
    }
}

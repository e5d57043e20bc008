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
}

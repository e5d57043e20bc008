using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Agents;

/// <summary>
/// Compiled queries for the hottest reads: EF skips translating and cache-keying the expression on every call.
/// The tenant query filters still apply (they read the context's tenant as a parameter).
/// </summary>
internal static class AgentQueries
{
    public static readonly Func<SwitchboardDbContext, string, int?, CancellationToken, Task<AgentWithConfig?>> GetWithConfig =
        EF.CompileAsyncQuery((SwitchboardDbContext db, string id, int? version, CancellationToken ct) =>
            db.Agents.AsNoTracking()
                .Where(a => a.Id == id)
                .Select(a => new AgentWithConfig(
                    a,
                    db.AgentVersions
                        .Where(v => v.AgentId == a.Id && v.Version == (version ?? a.LatestVersion))
                        .Select(v => v.Config)
                        .FirstOrDefault()))
                .FirstOrDefault());
}

using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Agents;

/// <summary>
/// Compiled queries for the hottest reads: EF skips translating and cache-keying the expression on every call.
/// A compiled query belongs to one model, and one process can hold several (a SQLite and a PostgreSQL server
/// side by side in the tests), so they are kept per model. The tenant query filters still apply.
/// </summary>
internal static class AgentQueries
{
    private static readonly ConditionalWeakTable<IModel, Func<SwitchboardDbContext, string, int?, CancellationToken, Task<AgentWithConfig?>>> ByModel = new();

    public static Task<AgentWithConfig?> GetWithConfigAsync(SwitchboardDbContext db, string id, int? version, CancellationToken ct) =>
        ByModel.GetValue(db.Model, static _ => Compile())(db, id, version, ct);

    private static Func<SwitchboardDbContext, string, int?, CancellationToken, Task<AgentWithConfig?>> Compile() =>
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

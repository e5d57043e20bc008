using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Functions.Builtins;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Functions;

/// <summary>
/// Resolves an agent's <c>function_ids</c> to tool definitions (newest versions) for the call engine.
/// Scoped like <see cref="FunctionExecutor"/>; not thread-safe.
/// </summary>
internal sealed class FunctionToolCatalog(SwitchboardDbContext db, TenantContext tenant, BuiltinCatalog builtins)
{
    public const int MaxFunctions = 64;

    /// <summary>The tools for <paramref name="functionIds"/> in the given order; unknown or deleted ids are left out.</summary>
    public async Task<IReadOnlyList<FunctionTool>> GetAsync(string organizationId, IReadOnlyList<string> functionIds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        ArgumentNullException.ThrowIfNull(functionIds);
        if (functionIds.Count > MaxFunctions) throw new ArgumentException($"At most {MaxFunctions} functions.", nameof(functionIds));
        if (tenant.OrganizationId is null) tenant.Set(organizationId, apiKeyId: "");
        else if (tenant.OrganizationId != organizationId)
            throw new ArgumentException("organizationId is not the tenant of this scope.", nameof(organizationId));
        if (functionIds.Count == 0) return [];

        var ids = functionIds.Distinct(StringComparer.Ordinal).ToList();
        var rows = await db.Functions.AsNoTracking()
            .Where(f => ids.Contains(f.Id))
            .Join(db.FunctionVersions, f => new { FunctionId = f.Id, Version = f.LatestVersion }, v => new { v.FunctionId, v.Version },
                (f, v) => new { f.Id, v.Version, v.Config })
            .ToDictionaryAsync(x => x.Id, cancellationToken);

        var tools = new List<FunctionTool>(rows.Count);
        foreach (var id in ids)
        {
            if (!rows.TryGetValue(id, out var row)) continue;
            var c = JsonSerializer.Deserialize<FunctionConfig>(row.Config, JsonDefaults.Options)!;
            var runsOnServer = c.Kind == FunctionKinds.Http || (builtins.TryGet(c.Builtin ?? "", out var b) && b.RunsOnServer);
            tools.Add(new FunctionTool(id, row.Version, c.Name!, c.Description, c.Parameters!.Value, c.Kind!, c.Builtin, runsOnServer,
                c.TimeoutMs ?? FunctionValidator.DefaultTimeoutMs, c.SpeakDuringExecution ?? false, c.FillerLine));
        }
        return tools;
    }
}

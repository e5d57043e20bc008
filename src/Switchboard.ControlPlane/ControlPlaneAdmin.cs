using Microsoft.EntityFrameworkCore;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Agents;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Tenancy;
using Switchboard.Realtime.Sessions;

namespace Switchboard.ControlPlane;

/// <summary>Operations for the <c>switchboard</c> command-line verbs, which run without an API key.</summary>
public static class ControlPlaneAdmin
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers (the API) run while the webhook dispatcher or the usage flusher writes;
            // in rollback-journal mode every write blocked them (docs/performance.md, "Webhooks"). The mode is stored
            // in the database file, so setting it at each start is idempotent.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    /// <summary>Creates the organization if needed and a key in it; returns the key id and the secret.</summary>
    /// <exception cref="ArgumentException">The request is invalid; the message names every problem.</exception>
    public static async Task<(string KeyId, string OrganizationId, string Secret)> CreateApiKeyAsync(
        IServiceProvider services, string organization, string name, IReadOnlyList<string> scopes, int? rateLimitPerMinute,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(organization) || organization.Length > 200)
            throw new ArgumentException("--org must be 1 to 200 characters.", nameof(organization));

        await using var scope = services.CreateAsyncScope();
        var issuer = scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var request = new CreateApiKeyRequest(name, scopes, rateLimitPerMinute, null, null);
        var errors = issuer.Validate(request);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors.SelectMany(e => e.Value)), nameof(scopes));

        var org = await issuer.EnsureOrganizationAsync(organization.Trim(), ct);
        var (key, secret) = issuer.Add(org.Id, request);
        await db.SaveChangesAsync(ct);
        return (key.Id, org.Id, secret);
    }

    /// <summary>Creates the Acme Dental demo agent in the organization <c>default</c> on first start; returns its id when created.</summary>
    public static Task<string?> SeedDemoAgentAsync(IServiceProvider services, CancellationToken ct = default) => DemoAgentSeeder.SeedAsync(services, ct);

    /// <summary>
    /// Loads an agent version by id, whatever its organization (the CLI runs as the server's operator), ready to run.
    /// </summary>
    /// <exception cref="ArgumentException">No such agent or version, or its configuration cannot run.</exception>
    public static async Task<(AgentDefinition Agent, string OrganizationId)> LoadAgentAsync(IServiceProvider services, string agentId, int? version,
        CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var matches = await db.Agents.IgnoreQueryFilters().Where(a => (a.Id == agentId || a.Name == agentId) && a.DeletedAt == null)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.OrganizationId }).Take(3).ToListAsync(ct);
        // An id wins; a name must be unambiguous across organizations.
        var match = matches.FirstOrDefault(m => m.Id == agentId) ?? (matches.Count == 1 ? matches[0] : null);
        if (match is null)
            throw new ArgumentException(matches.Count > 1 ? $"Several agents are named '{agentId}'; use the agent id." : $"There is no agent '{agentId}'.", nameof(agentId));
        var organization = match.OrganizationId;
        agentId = match.Id;
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(organization, "cli");
        var found = await AgentQueries.GetWithConfigAsync(db, agentId, version, ct);
        if (found?.Config is null) throw new ArgumentException($"Agent '{agentId}' has no version {version}.", nameof(version));
        var config = JsonSerializer.Deserialize<AgentConfig>(found.Config, JsonDefaults.Options)!;
        var llm = scope.ServiceProvider.GetRequiredService<IOptions<LlmOptions>>().Value;
        var number = version ?? found.Agent.PublishedVersion ?? found.Agent.LatestVersion;
        return (AgentDefinitionMapper.Map(agentId, number, config, llm), organization);
    }

    /// <summary>
    /// Reads an agent file (the body of <c>POST /api/v1/agents</c>) and checks it as the API would.
    /// </summary>
    /// <exception cref="ArgumentException">The file is not valid JSON or not a valid agent; the message names every problem.</exception>
    public static AgentDefinition ParseAgentFile(string json, string agentId, LlmOptions llm)
    {
        AgentConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<AgentConfig>(json, JsonDefaults.Options);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"not a valid agent: {e.Message}", nameof(json));
        }
        if (config is null) throw new ArgumentException("not a valid agent: the file holds null.", nameof(json));
        var errors = AgentValidator.Validate(config);
        if (errors.Count > 0)
            throw new ArgumentException("not a valid agent: " + string.Join("; ", errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))), nameof(json));
        return AgentDefinitionMapper.Map(agentId, 1, config, llm);
    }
}

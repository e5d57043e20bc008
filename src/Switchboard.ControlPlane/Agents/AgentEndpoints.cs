using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Ivr;
using Switchboard.ControlPlane.Tenancy;
using Switchboard.ControlPlane.Webhooks;
using Switchboard.ControlPlane.Webhooks.Events;

namespace Switchboard.ControlPlane.Agents;

internal static class AgentEndpoints
{
    public static void MapAgentEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/agents").WithTags("Agents");

        group.MapPost("", Create).WithName("CreateAgent")
            .WithSummary("Create an agent; its first version is a draft.")
            .RequireScope(ApiKeyScopes.AgentsWrite).WithApiConventions(ApiShape.Body)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("", List).WithName("ListAgents")
            .WithSummary("List agents (newest version of each), newest first.")
            .RequireScope(ApiKeyScopes.AgentsRead).WithApiConventions(ApiShape.List);
        group.MapGet("/{id}", Get).WithName("GetAgent")
            .WithSummary("Get an agent as of its newest version, or of ?version=N.")
            .RequireScope(ApiKeyScopes.AgentsRead).WithApiConventions(ApiShape.Id);
        group.MapPatch("/{id}", Update).WithName("UpdateAgent")
            .WithSummary("Change an agent (JSON merge patch, RFC 7396); every change makes a new draft version.")
            .RequireScope(ApiKeyScopes.AgentsWrite).WithApiConventions(ApiShape.Id | ApiShape.Body)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/{id}", Delete).WithName("DeleteAgent")
            .WithSummary("Delete an agent. Its versions stay readable by the calls that used them.")
            .RequireScope(ApiKeyScopes.AgentsWrite).WithApiConventions(ApiShape.Id);
        group.MapPost("/{id}/publish", Publish).WithName("PublishAgent")
            .WithSummary("Publish the newest version; new calls without a pinned version use it.")
            .RequireScope(ApiKeyScopes.AgentsWrite).WithApiConventions(ApiShape.Id);
        group.MapGet("/{id}/versions", Versions).WithName("ListAgentVersions")
            .WithSummary("List an agent's versions, newest first.")
            .RequireScope(ApiKeyScopes.AgentsRead).WithApiConventions(ApiShape.Id);
    }

    private static async Task<Results<Created<AgentResponse>, ProblemHttpResult>> Create(
        AgentConfig request, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var config = request.WithDefaults();
        var errors = AgentValidator.Validate(config);
        if (errors.Count > 0) return ApiProblems.Validation(errors, AgentValidator.StatusFor(errors));
        if (await IvrMenuReferences.CheckAgentAsync(db, config.ResponseEngine, ct) is { } missing) return ApiProblems.Unprocessable(missing);

        var now = time.GetUtcNow();
        var agent = new Agent { Id = Ids.New(Ids.Agent), Name = config.Name!, LatestVersion = 1, CreatedAt = now, UpdatedAt = now };
        agent.Versions.Add(new AgentVersion { AgentId = agent.Id, Version = 1, Config = Serialize(config), CreatedAt = now });
        db.Agents.Add(agent);
        audit.Record("agents.create", "agent", agent.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/agents/{agent.Id}", AgentResponse.From(agent, 1, config));
    }

    private static Task<Results<Ok<Page<AgentResponse>>, ProblemHttpResult>> List(
        SwitchboardDbContext db, int? limit, string? after, CancellationToken ct) =>
        Paging.PageAsync(db.Agents.AsNoTracking(), limit, after, async (IReadOnlyList<Agent> agents, CancellationToken token) =>
        {
            var ids = agents.Select(a => a.Id).ToList();
            var versions = await db.AgentVersions.AsNoTracking()
                .Where(v => ids.Contains(v.AgentId))
                .Join(db.Agents, v => new { v.AgentId, v.Version }, a => new { AgentId = a.Id, Version = a.LatestVersion }, (v, _) => v)
                .ToDictionaryAsync(v => v.AgentId, token);
            return (IReadOnlyList<AgentResponse>)agents
                .Select(a => AgentResponse.From(a, a.LatestVersion, Deserialize(versions[a.Id].Config)))
                .ToList();
        }, ct);

    private static async Task<Results<AgentJson, ProblemHttpResult>> Get(
        string id, int? version, HttpContext http, TenantContext tenant, AgentReadCache cache, CancellationToken ct)
    {
        var organization = tenant.RequireOrganizationId();
        if (cache.TryGet(organization, id, version, out var cached)) return new AgentJson(cached);

        var generation = cache.Generation;
        // Leased only on a miss: a hit needs no database context at all.
        var db = http.RequestServices.GetRequiredService<SwitchboardDbContext>();
        // One round trip: the agent and the wanted version's document together.
        var found = await AgentQueries.GetWithConfigAsync(db, id, version, ct);
        if (found is null) return ApiProblems.NotFound("agent");
        var wanted = version ?? found.Agent.LatestVersion;
        if (found.Config is null) return ApiProblems.NotFound($"version {wanted} of this agent");
        var json = JsonSerializer.SerializeToUtf8Bytes(AgentResponse.From(found.Agent, wanted, Deserialize(found.Config)),
            http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
        cache.Add(generation, organization, id, version, json);
        return new AgentJson(json);
    }

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> Update(
        string id, JsonElement patch, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        if (patch.ValueKind != JsonValueKind.Object)
            return ApiProblems.Validation("$", "The body must be a JSON object (a merge patch of the agent).");

        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agent is null) return ApiProblems.NotFound("agent");
        var latest = await db.AgentVersions.AsNoTracking().FirstAsync(v => v.AgentId == id && v.Version == agent.LatestVersion, ct);

        var merged = JsonMergePatch.Apply(JsonNode.Parse(latest.Config)!, JsonNode.Parse(patch.GetRawText()));
        AgentConfig config;
        try
        {
            config = (merged!.Deserialize<AgentConfig>(JsonDefaults.Options) ?? new AgentConfig()).WithDefaults();
        }
        catch (JsonException ex)
        {
            return ApiProblems.Validation(ex.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "$",
                ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown field." : "Wrong type for this field.");
        }

        var errors = AgentValidator.Validate(config);
        if (errors.Count > 0) return ApiProblems.Validation(errors, AgentValidator.StatusFor(errors));
        if (await IvrMenuReferences.CheckAgentAsync(db, config.ResponseEngine, ct) is { } missing) return ApiProblems.Unprocessable(missing);

        var now = time.GetUtcNow();
        agent.LatestVersion++;
        agent.Name = config.Name!;
        agent.UpdatedAt = now;
        db.AgentVersions.Add(new AgentVersion { AgentId = agent.Id, Version = agent.LatestVersion, Config = Serialize(config), CreatedAt = now });
        audit.Record("agents.update", "agent", agent.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(AgentResponse.From(agent, agent.LatestVersion, config));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agent is null) return ApiProblems.NotFound("agent");
        agent.DeletedAt = time.GetUtcNow();
        audit.Record("agents.delete", "agent", agent.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> Publish(
        string id, SwitchboardDbContext db, AuditTrail audit, WebhookOutbox webhooks, TimeProvider time, CancellationToken ct)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agent is null) return ApiProblems.NotFound("agent");
        var latest = await db.AgentVersions.FirstAsync(v => v.AgentId == id && v.Version == agent.LatestVersion, ct);
        if (agent.PublishedVersion != agent.LatestVersion)
        {
            var now = time.GetUtcNow();
            latest.PublishedAt = now;
            agent.PublishedVersion = agent.LatestVersion;
            agent.UpdatedAt = now;
            audit.Record("agents.publish", "agent", agent.Id);
            await webhooks.EnqueueAsync(db, WebhookEventTypes.AgentDeployed,
                new AgentDeployedData(agent.Id, agent.Name, agent.LatestVersion, now), agent.Id, ct);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(AgentResponse.From(agent, agent.LatestVersion, Deserialize(latest.Config)));
    }

    private static async Task<Results<Ok<Page<AgentVersionResponse>>, ProblemHttpResult>> Versions(
        string id, SwitchboardDbContext db, CancellationToken ct)
    {
        var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agent is null) return ApiProblems.NotFound("agent");
        var versions = await db.AgentVersions.AsNoTracking()
            .Where(v => v.AgentId == id)
            .OrderByDescending(v => v.Version)
            .Select(v => new AgentVersionResponse(v.Version, v.Version == agent.PublishedVersion, v.CreatedAt, v.PublishedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<AgentVersionResponse>(versions, false, null));
    }

    internal static string Serialize(AgentConfig config) => JsonSerializer.Serialize(config, JsonDefaults.Options);

    internal static AgentConfig Deserialize(string json) =>
        JsonSerializer.Deserialize<AgentConfig>(json, JsonDefaults.Options) ?? throw new InvalidOperationException("Empty agent version.");
}

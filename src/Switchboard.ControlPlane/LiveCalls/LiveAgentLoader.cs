using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Agents;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.Realtime.Sessions;

namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>Loads the agent a live call runs: the asked version or the published one (else the latest), with its IVR menu.</summary>
internal sealed class LiveAgentLoader(OrganizationDbContextFactory contexts, IOptions<LlmOptions> llm)
{
    /// <exception cref="ArgumentException">No such agent or version in the organization, or its configuration cannot run.</exception>
    public async Task<AgentDefinition> LoadAsync(string organizationId, string agentId, int? version, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create(organizationId);
        var found = await AgentQueries.GetWithConfigAsync(db, agentId, version, cancellationToken);
        if (found is null || found.Agent.DeletedAt is not null) throw new ArgumentException($"There is no agent '{agentId}'.", nameof(agentId));
        var number = version ?? found.Agent.PublishedVersion ?? found.Agent.LatestVersion;
        if (number != (version ?? found.Agent.LatestVersion)) found = await AgentQueries.GetWithConfigAsync(db, agentId, number, cancellationToken);
        if (found?.Config is null) throw new ArgumentException($"Agent '{agentId}' has no version {number}.", nameof(version));
        var config = JsonSerializer.Deserialize<AgentConfig>(found.Config, JsonDefaults.Options)
            ?? throw new ArgumentException($"Agent '{agentId}' version {number} has no configuration.", nameof(agentId));
        JsonElement? menu = null;
        if (config.ResponseEngine is { Type: "ivr", IvrMenuId: { } menuId })
            menu = await LoadMenuAsync(db, menuId, $"Agent '{agentId}' starts in IVR menu '{menuId}', which no longer exists.", cancellationToken);
        return AgentDefinitionMapper.Map(agentId, number, config, llm.Value, menu);
    }

    /// <summary>
    /// <paramref name="agent"/> behind the IVR menu <paramref name="menuId"/>: the menu answers, and its hand-over
    /// continues with the agent (a phone number's inbound menu).
    /// </summary>
    /// <exception cref="ArgumentException">No such menu in the organization.</exception>
    public async Task<AgentDefinition> BehindMenuAsync(string organizationId, AgentDefinition agent, string menuId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create(organizationId);
        var menu = await LoadMenuAsync(db, menuId, $"The number's inbound IVR menu '{menuId}' no longer exists.", cancellationToken);
        return agent with { Engine = ResponseEngineKind.Ivr, IvrMenu = menu, IvrMenuId = menuId, AfterIvr = agent.Engine == ResponseEngineKind.Ivr ? agent.AfterIvr : agent };
    }

    private static async Task<JsonElement> LoadMenuAsync(SwitchboardDbContext db, string menuId, string missing, CancellationToken cancellationToken)
    {
        var definition = await db.IvrMenus.AsNoTracking().Where(m => m.Id == menuId && m.DeletedAt == null)
            .Select(m => m.Definition).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ArgumentException(missing, nameof(menuId));
        using var document = JsonDocument.Parse(definition);
        return document.RootElement.Clone();
    }
}

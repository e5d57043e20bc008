using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Tenancy;
using Switchboard.Realtime.Demo;

namespace Switchboard.ControlPlane.Agents;

/// <summary>
/// Puts the Acme Dental receptionist (a conversation flow that runs on the offline engines) into the organization
/// <c>default</c> the first time the server starts, so a new install has an agent to call with zero configuration.
/// It is created once: an organization that has (or had, and deleted) an agent of that name is left alone.
/// </summary>
internal static class DemoAgentSeeder
{
    public const string Organization = "default";

    /// <returns>The demo agent's id when it was created now, otherwise null.</returns>
    public static async Task<string?> SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var org = await scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>().EnsureOrganizationAsync(Organization, ct);
        if (await db.Agents.IgnoreQueryFilters().AnyAsync(a => a.OrganizationId == org.Id && a.Name == DemoAgents.AcmeDentalName, ct)) return null;

        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(org.Id, "seed");
        var config = new AgentConfig
        {
            Name = DemoAgents.AcmeDentalName,
            ResponseEngine = new ResponseEngineConfig { Type = "flow", Flow = JsonDocument.Parse(DemoAgents.AcmeDentalFlow).RootElement.Clone() },
            Stt = new SttConfig { BoostedKeywords = ["cleaning", "checkup", "toothache", "billing", "emergency"] },
        }.WithDefaults();
        var errors = AgentValidator.Validate(config);
        if (errors.Count > 0) throw new InvalidOperationException("The demo agent does not validate: " + string.Join("; ", errors.SelectMany(e => e.Value)));

        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var agent = new Agent { Id = Ids.New(Ids.Agent), Name = config.Name!, LatestVersion = 1, PublishedVersion = 1, CreatedAt = now, UpdatedAt = now };
        agent.Versions.Add(new AgentVersion { AgentId = agent.Id, Version = 1, Config = AgentEndpoints.Serialize(config), CreatedAt = now, PublishedAt = now });
        db.Agents.Add(agent);
        await PhoneNumbers.DemoPhoneNumber.AddAsync(db, org.Id, agent.Id, now, ct);
        await db.SaveChangesAsync(ct);
        return agent.Id;
    }
}
